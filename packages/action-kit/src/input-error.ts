/**
 * An input that cannot be used. Its message names the input, says what is wrong with the value and
 * what was expected, and is shown to the user as the step's error without a stack trace.
 */
export class InputError extends Error {
  readonly input: string;

  constructor(input: string, problem: string, expected: string) {
    super(`Input '${input}' ${problem}. Expected ${expected}.`);
    this.name = 'InputError';
    this.input = input;
  }
}
