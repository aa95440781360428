/** A choice's heading: the field, or for one item of a list "One of the objectives" (its values say which). */
export function conflictLabel(conflict: { field: string; item?: string }): string {
	return conflict.item === undefined
		? fieldLabel(conflict.field)
		: `One of the ${fieldLabel(conflict.field).toLowerCase()}`;
}

/** A stored value as words for someone choosing between two versions. */
export function describeValue(value: unknown): string {
	if (value === undefined || value === null || value === '') return '(empty)';
	if (typeof value === 'boolean') return value ? 'Yes' : 'No';
	if (typeof value === 'string' || typeof value === 'number') return String(value);
	if (Array.isArray(value)) {
		if (value.length === 0) return '(none)';
		return value
			.map((item) =>
				item && typeof item === 'object' ? describeObject(item as Record<string, unknown>) : String(item)
			)
			.join('\n');
	}
	return describeObject(value as Record<string, unknown>);
}

function describeObject(o: Record<string, unknown>): string {
	const text = o.description ?? o.topic ?? o.workTitle ?? o.name;
	if (typeof text === 'string') return text;
	return Object.entries(o)
		.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
		.join(', ');
}

/** `assessmentArrangements` → "Assessment arrangements". */
export function fieldLabel(field: string): string {
	const words = field.replace(/([A-Z])/g, ' $1').toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
}
