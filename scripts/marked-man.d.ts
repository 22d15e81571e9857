// marked-man ships no types: the marked extension it exports, with the page options it reads.
declare module 'marked-man' {
  import type { MarkedExtension } from 'marked';

  const markedMan: MarkedExtension & {
    /** The footer's version. */
    manVersion: string | null;
    /** The header's manual name. */
    manual: string | null;
  };
  export default markedMan;
}
