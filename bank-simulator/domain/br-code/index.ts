export * from './br-code';
export * from './br-code-error';
export * from './build-br-code';
export * from './crc16';
export * from './parse-br-code';
