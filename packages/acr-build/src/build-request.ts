import { InputError, quote, type NameValue } from '@te-actions/action-kit';
import type { BuildArgument, DockerBuildRequest, PlatformProperties } from './acr-types.js';

const ARCHITECTURES = ['amd64', 'x86', '386', 'arm', 'arm64'];
const VARIANTS = ['v6', 'v7', 'v8'];

/** Parses os/architecture[/variant] (e.g. linux/amd64, linux/arm64/v8) into ACR's PlatformProperties. */
export function parsePlatform(input: string, value: string): PlatformProperties {
  const expected = 'os/architecture[/variant], e.g. linux/amd64, linux/arm64 or linux/arm/v7 (os linux or windows; architecture amd64, x86, 386, arm or arm64)';
  const [os, architecture, variant, ...rest] = value.toLowerCase().split('/');
  if (rest.length || !os || (os !== 'linux' && os !== 'windows')) throw new InputError(input, `has the value ${quote(value)}`, expected);
  if (architecture !== undefined && !ARCHITECTURES.includes(architecture)) throw new InputError(input, `has the architecture ${quote(architecture)}`, expected);
  if (variant !== undefined && !VARIANTS.includes(variant)) throw new InputError(input, `has the variant ${quote(variant)}`, expected);
  return { os: os === 'linux' ? 'Linux' : 'Windows', ...(architecture ? { architecture } : {}), ...(variant ? { variant } : {}) };
}

export interface BuildSpec {
  /** repo:tag names, relative to the registry. */
  imageNames: string[];
  dockerfile: string;
  sourceLocation: string;
  buildArgs: NameValue[];
  secretBuildArgs: NameValue[];
  platform: PlatformProperties;
  push: boolean;
  noCache: boolean;
  timeoutSeconds: number;
  target?: string;
  agentPool?: string;
}

/** The DockerBuildRequest body. Build argument values are passed as data, exactly as given. */
export function dockerBuildRequest(spec: BuildSpec): DockerBuildRequest {
  const args: BuildArgument[] = [
    ...spec.buildArgs.map(({ name, value }) => ({ name, value, isSecret: false })),
    ...spec.secretBuildArgs.map(({ name, value }) => ({ name, value, isSecret: true })),
  ];
  return {
    type: 'DockerBuildRequest',
    imageNames: spec.imageNames,
    dockerFilePath: spec.dockerfile,
    sourceLocation: spec.sourceLocation,
    arguments: args,
    platform: spec.platform,
    isPushEnabled: spec.push,
    noCache: spec.noCache,
    timeout: spec.timeoutSeconds,
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.agentPool ? { agentPoolName: spec.agentPool } : {}),
  };
}
