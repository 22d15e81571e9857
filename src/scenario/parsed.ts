/** One value read from scenario text: the value, or a one-line reason it was refused. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const refuse = <T = never>(message: string): Parsed<T> => ({ ok: false, message });
