import { table } from './table';

const PIPE = { isTTY: false };
const columns = { ispb: 'ISPB', name: 'NAME', amount: { head: 'AMOUNT', align: 'right' as const } };
const rows = [
  { ispb: '11111111', name: 'Banco Azul', amount: 'R$ 12,34' },
  { ispb: '22222222', name: 'Banco São João', amount: 'R$ 1.234,00' },
];

describe('table', () => {
  it('underlines the headers, aligns the columns two spaces apart and right-aligns figures', () => {
    expect(table(columns, rows, PIPE).split('\n')).toEqual([
      'ISPB      NAME                 AMOUNT',
      '────────  ──────────────  ───────────',
      '11111111  Banco Azul         R$ 12,34',
      '22222222  Banco São João  R$ 1.234,00',
    ]);
  });

  it('prints a missing value empty and ends no line in spaces', () => {
    const lines = table({ a: 'A', b: 'B' }, [{ a: 'x' }, { a: 'longer', b: 'y' }], PIPE).split('\n');
    expect(lines).toEqual(['A       B', '──────  ─', 'x', 'longer  y']);
  });

  it('prints the headers alone when there is no row', () => {
    expect(table(columns, [], PIPE)).toBe('ISPB  NAME  AMOUNT');
  });

  it('has no colour or control sequence in a pipe, and bold headers on a terminal', () => {
    const csi = '\u001b[';
    expect(table(columns, rows, PIPE)).not.toContain(csi);
    const onTerminal = table(columns, rows, { isTTY: true, columns: 200 });
    expect(onTerminal.split('\n')[0]).toContain(`${csi}1mISPB`);
    expect(onTerminal.split('\n').slice(1)).toEqual(table(columns, rows, PIPE).split('\n').slice(1));
  });

  it('keeps to NO_COLOR on a terminal', () => {
    process.env.NO_COLOR = '1';
    try {
      expect(table(columns, rows, { isTTY: true, columns: 200 })).toBe(table(columns, rows, PIPE));
    } finally {
      delete process.env.NO_COLOR;
    }
  });

  it('wraps long values at spaces to fit a narrow terminal, cutting no word', () => {
    const wide = {
      id: 'END-TO-END ID',
      to: 'TO',
      status: 'STATUS',
    };
    const row = {
      id: 'E1111111120260131143012345abcdeF',
      to: 'carla.souza@example.com @ 22222222',
      status: 'rejected (KEY_NOT_FOUND)',
    };
    const lines = table(wide, [row], { isTTY: true, columns: 80 }).split('\n');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the bold headers' colour codes take no room
    expect(lines.map((line) => line.replace(/\u001b\[\d+m/g, '').length <= 80)).not.toContain(false);
    const text = lines.slice(2).join('\n');
    for (const word of [...Object.values(row).flatMap((v) => v.split(' '))]) expect(text).toContain(word);
    expect(lines.length).toBeGreaterThan(3);
    // A pipe is never wrapped: one row, one line, whatever the width.
    expect(table(wide, [row], { isTTY: false, columns: 40 }).split('\n')).toHaveLength(3);
  });

  it('lets a line run past a terminal too narrow for its words rather than cut one', () => {
    const row = { id: 'E1111111120260131143012345abcdeF', key: 'carla.souza@example.com' };
    const lines = table({ id: 'ID', key: 'KEY' }, [row], { isTTY: true, columns: 30 }).split('\n');
    expect(lines[2]).toBe('E1111111120260131143012345abcdeF  carla.souza@example.com');
  });
});
