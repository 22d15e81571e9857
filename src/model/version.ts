/** hvsched's version, as package.json gives it: documents record the simulator that made them. */
export const VERSION = '0.1.0';
