/**
 * Milliseconds since the epoch for a time as Azure writes it, or NaN. Recorded answers use several
 * shapes (azure-powershell src/App/App.Autorest/test/AzContainerAppJob.Recording.json and the
 * azure-cli-extensions containerapp recordings): `2025-03-04T09:40:01+00:00` (no fraction),
 * `2023-10-30T10:29:38.8858446Z` (seven fraction digits), `2023-10-30T10:29:38.8858446` (systemData,
 * no zone: UTC) and Log Analytics' `2024-05-01T10:00:00Z` (zero fraction left out). A time without a
 * zone is UTC here, never the machine's local time (which is what Date.parse would assume).
 */
export function parseAzureTime(value: string | null | undefined): number {
  if (!value) return NaN;
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!match) return NaN;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = match;
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  let time = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return time;
}
