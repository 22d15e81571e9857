// A string key for a list of integers, for maps that group entities by equal lists (their
// allowed places). Schedulers ask it for every entity, and on a 2048-LP host joining the list
// each time costs more than the rest of a run's set-up; entities of one partition share one
// array, so the key is kept per array.
const keys = new WeakMap<readonly number[], string>();

export function listKey(list: readonly number[]): string {
  let key = keys.get(list);
  if (key === undefined) {
    key = list.join(',');
    keys.set(list, key);
  }
  return key;
}
