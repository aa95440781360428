import { z } from 'zod';

// The app runs under a Content-Security-Policy without 'unsafe-eval' (server/security-headers.ts),
// where zod's compiled validators cannot run anyway; jitless skips zod's `new Function` probe,
// which the browser would report as a policy violation on every start.
z.config({ jitless: true });
