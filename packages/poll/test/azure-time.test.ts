import { parseAzureTime } from '../src/azure-time.js';

describe('parseAzureTime', () => {
  const at = Date.UTC(2023, 9, 30, 10, 29, 38);
  test.each([
    ['+00:00 without a fraction (execution startTime)', '2023-10-30T10:29:38+00:00', at],
    ['seven fraction digits with Z', '2023-10-30T10:29:38.8858446Z', at + 885],
    ['systemData without a zone is UTC', '2023-10-30T10:29:38.8858446', at + 885],
    ['Log Analytics without a zero fraction', '2023-10-30T10:29:38Z', at],
    ['an offset other than zero', '2023-10-30T12:29:38+02:00', at],
    ['a negative offset without colon', '2023-10-30T05:29:38-0500', at],
    ['minutes only', '2023-10-30T10:29Z', at - 38_000],
  ])('%s', (_name, value, expected) => expect(parseAzureTime(value)).toBe(expected));

  test.each([undefined, '', 'yesterday', '2023-10-30', '10:29:38'])('%p is NaN', (value) => expect(parseAzureTime(value)).toBeNaN());

  test('does not depend on the machine time zone', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      expect(parseAzureTime('2023-10-30T10:29:38.8858446')).toBe(at + 885);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
