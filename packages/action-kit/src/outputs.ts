import * as core from '@actions/core';

/** Sets the step's outputs; every value is written as a string, as the runner stores them. */
export function setOutputs(outputs: Record<string, string | number | boolean | undefined>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) core.setOutput(name, String(value));
  }
}
