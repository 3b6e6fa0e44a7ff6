// A YAML alias bomb (issue 10): a few hundred bytes whose aliases expand nine-fold per level
// into millions of nodes. Shared by the unit, CLI and API tests of definition limits.

/** The bomb's YAML text. */
export const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...'bcdefgh'.split('').map((name, i) => {
    const previous = 'abcdefgh'[i];
    return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`;
  }),
].join('\n');
