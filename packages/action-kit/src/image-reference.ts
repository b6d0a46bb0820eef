import { InputError } from './input-error.js';
import { quote } from './inputs.js';

export interface ImageReference {
  /** The reference as given, e.g. contoso.azurecr.io/migrations:1.4.2 */
  reference: string;
  /** Registry host when the reference names one, e.g. contoso.azurecr.io */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const REFERENCE = new RegExp(
  `^(?:(${HOST})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/**
 * Parses a container image reference (Docker's grammar) and requires an explicit tag or digest:
 * an implicit `latest` makes a deployment impossible to reproduce or roll back.
 */
export function parseImageReference(input: string, value: string, options: { requireRegistry?: boolean } = {}): ImageReference {
  const expected = options.requireRegistry
    ? 'a full image reference with a tag or digest, e.g. contoso.azurecr.io/migrations:1.4.2'
    : 'an image reference with a tag or digest, e.g. contoso.azurecr.io/migrations:1.4.2 or migrations:1.4.2';
  if (!value) throw new InputError(input, 'is required but was empty', expected);
  const match = REFERENCE.exec(value);
  if (!match) throw new InputError(input, `has the value ${quote(value)}, which is not a valid image reference`, expected);
  let [, registry, repository, tag, digest] = match;
  // Docker's rule: the first component is a registry only if it has a dot or port, or is localhost.
  if (registry && !/[.:]/.test(registry) && registry !== 'localhost') {
    repository = `${registry}/${repository}`;
    registry = undefined;
  }
  if (!tag && !digest) throw new InputError(input, `has the value ${quote(value)} without a tag or digest`, expected);
  if (options.requireRegistry && !registry) throw new InputError(input, `has the value ${quote(value)} without a registry host`, expected);
  return { reference: value, registry, repository: repository!, tag, digest };
}
