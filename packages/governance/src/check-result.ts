/** The outcome of one guard rule, as listed in the step summary. */
export interface CheckResult {
  /** Short name of the rule, e.g. "Confirmation phrase". */
  name: string;
  passed: boolean;
  /** What was found, written for people; never contains a secret or the typed confirmation. */
  detail: string;
}

export function passed(name: string, detail: string): CheckResult {
  return { name, passed: true, detail };
}

export function failed(name: string, detail: string): CheckResult {
  return { name, passed: false, detail };
}
