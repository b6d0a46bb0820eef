import { boolean, choice, integer, nameValueList, requiredString } from '../src/inputs.js';
import { azureName, optionalAzureName } from '../src/azure-names.js';
import { parseImageReference } from '../src/image-reference.js';
import { InputError } from '../src/input-error.js';

function withInputs(values: Record<string, string>, body: () => void): void {
  const keys = Object.keys(values).map((name) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`);
  Object.entries(values).forEach(([name, value]) => (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value));
  try {
    body();
  } finally {
    keys.forEach((key) => delete process.env[key]);
  }
}

describe('typed inputs', () => {
  test('required string names the input and the expected form', () => {
    withInputs({ 'job-name': '' }, () => {
      expect(() => requiredString('job-name', 'a job name')).toThrow("Input 'job-name' is required but was empty. Expected a job name.");
    });
  });

  test.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['', true],
  ])('boolean %j', (value, expected) => {
    withInputs({ follow: value }, () => expect(boolean('follow', true)).toBe(expected));
  });

  test('boolean rejects yes', () => {
    withInputs({ follow: 'yes' }, () => expect(() => boolean('follow', true)).toThrow("Input 'follow' has the value \"yes\". Expected true or false."));
  });

  test.each([
    ['0', "Input 'timeout-minutes' has the value 0, which is out of range. Expected a whole number from 1 to 360."],
    ['ten', "Input 'timeout-minutes' has the value \"ten\", which is not a whole number. Expected a whole number from 1 to 360."],
    ['1.5', 'which is not a whole number'],
    ['361', 'out of range'],
  ])('integer %j is refused', (value, message) => {
    withInputs({ 'timeout-minutes': value }, () => expect(() => integer('timeout-minutes', { min: 1, max: 360, fallback: 60 })).toThrow(message));
  });

  test('integer default and value', () => {
    withInputs({ 'timeout-minutes': '' }, () => expect(integer('timeout-minutes', { min: 1, max: 360, fallback: 60 })).toBe(60));
    withInputs({ 'timeout-minutes': ' 15 ' }, () => expect(integer('timeout-minutes', { min: 1, max: 360, fallback: 60 })).toBe(15));
  });

  test('choice is case-insensitive and lists the options', () => {
    withInputs({ environment: 'azureusgovernment' }, () => expect(choice('environment', ['AzureCloud', 'AzureUSGovernment'], 'AzureCloud')).toBe('AzureUSGovernment'));
    withInputs({ environment: 'mars' }, () => expect(() => choice('environment', ['AzureCloud'], 'AzureCloud')).toThrow('Expected one of AzureCloud.'));
  });

  test('NAME=VALUE lists keep values exactly, including quotes, $() and =', () => {
    withInputs({ env: 'A=1\n\n# comment\nQUOTE="it\'s" $(rm -rf /) `x`\nURL=postgres://u:p@h/db?a=b\n' }, () => {
      expect(nameValueList('env')).toEqual([
        { name: 'A', value: '1' },
        { name: 'QUOTE', value: '"it\'s" $(rm -rf /) `x`' },
        { name: 'URL', value: 'postgres://u:p@h/db?a=b' },
      ]);
    });
  });

  test('NAME<<DELIMITER blocks carry values with line breaks, exactly', () => {
    withInputs({ env: 'A=1\nMULTI<<EOF\nfirst "line"\n  $(second) line\n\nEOF\nB=2' }, () => {
      expect(nameValueList('env')).toEqual([
        { name: 'A', value: '1' },
        { name: 'MULTI', value: 'first "line"\n  $(second) line\n' },
        { name: 'B', value: '2' },
      ]);
    });
    withInputs({ env: 'MULTI<<END\nno end' }, () => expect(() => nameValueList('env')).toThrow('has line 1 starting "MULTI<<END" with no closing "END" line'));
  });

  test.each([
    ['NO_EQUALS', "Input 'env' has line 1 without '=': \"NO_EQUALS\". Expected one NAME=VALUE pair per line."],
    ['1BAD=x', "Input 'env' has line 1 with the name \"1BAD\""],
    ['A=1\nA=2', "Input 'env' sets A twice (line 2). Expected each NAME once."],
  ])('NAME=VALUE error for %j', (value, message) => {
    withInputs({ env: value }, () => expect(() => nameValueList('env')).toThrow(message));
  });
});

describe('Azure names', () => {
  test.each([
    ['resource-group', 'resourceGroup', 'rg-migrations_prod.(eu)', true],
    ['resource-group', 'resourceGroup', 'ends-with-period.', false],
    ['resource-group', 'resourceGroup', 'a'.repeat(91), false],
    ['job-name', 'containerAppsJob', 'migrate-db', true],
    ['job-name', 'containerAppsJob', 'Migrate', false],
    ['job-name', 'containerAppsJob', 'migrate--db', false],
    ['job-name', 'containerAppsJob', '1migrate', false],
    ['job-name', 'containerAppsJob', 'a'.repeat(33), false],
    ['registry', 'containerRegistry', 'contosoregistry', true],
    ['registry', 'containerRegistry', 'acr1', false],
    ['registry', 'containerRegistry', 'contoso-registry', false],
    ['subscription-id', 'subscriptionId', '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345', true],
    ['subscription-id', 'subscriptionId', '34adfa4f', false],
  ] as const)('%s %s %j valid=%s', (input, kind, value, valid) => {
    withInputs({ [input]: value }, () => {
      if (valid) expect(azureName(input, kind)).toBe(value);
      else expect(() => azureName(input, kind)).toThrow(new RegExp(`^Input '${input}' has the value .*which breaks Azure's naming rules\\. Expected `));
    });
  });

  test('optional names may be empty', () => {
    withInputs({ 'container-name': '' }, () => expect(optionalAzureName('container-name', 'containerName')).toBeUndefined());
  });
});

describe('image references', () => {
  test.each([
    ['contoso.azurecr.io/migrations:1.4.2', { registry: 'contoso.azurecr.io', repository: 'migrations', tag: '1.4.2' }],
    ['migrations:1.4.2', { repository: 'migrations', tag: '1.4.2' }],
    ['team/migrations:v1', { repository: 'team/migrations', tag: 'v1' }],
    ['localhost:5000/m:v1', { registry: 'localhost:5000', repository: 'm', tag: 'v1' }],
    [`contoso.azurecr.io/m@sha256:${'a'.repeat(64)}`, { registry: 'contoso.azurecr.io', repository: 'm', digest: `sha256:${'a'.repeat(64)}` }],
  ])('%s', (value, expected) => {
    expect(parseImageReference('image', value)).toMatchObject(expected);
  });

  test.each([
    ['contoso.azurecr.io/migrations', 'without a tag or digest'],
    ['Contoso/Migrations:1', 'which is not a valid image reference'],
    ['m:1;rm -rf /', 'which is not a valid image reference'],
    ['', 'is required but was empty'],
  ])('refuses %j', (value, message) => {
    expect(() => parseImageReference('image', value)).toThrow(InputError);
    expect(() => parseImageReference('image', value)).toThrow(message);
  });
});
