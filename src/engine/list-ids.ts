// Ids for lists of integers, the same id for equal lists, for schedulers that group entities by
// their allowed places (and their cgroup). They ask for every entity, and on a 2048-LP host
// joining the list each time costs more than the rest of a run's set-up; entities of one
// partition share one array, so the list's key is kept per array.
const keys = new WeakMap<readonly number[], string>();

function listKey(list: readonly number[]): string {
  let key = keys.get(list);
  if (key === undefined) {
    key = list.join(',');
    keys.set(list, key);
  }
  return key;
}

/** Numbers equal lists under one holder alike, from 0 in the order they are first seen. */
export class ListIds {
  readonly #byHolder = new Map<number, Map<string, number>>();
  #count = 0;

  /** The id of `list` under `holder`: a new one, the next number, if neither was seen together. */
  idOf(list: readonly number[], holder = -1): number {
    let byList = this.#byHolder.get(holder);
    if (byList === undefined) this.#byHolder.set(holder, (byList = new Map()));
    const key = listKey(list);
    let id = byList.get(key);
    if (id === undefined) {
      id = this.#count++;
      byList.set(key, id);
    }
    return id;
  }
}
