/** A setting in the environment that the hub cannot run with; the CLI exits 2 on it. */
export class ConfigError extends Error {}
