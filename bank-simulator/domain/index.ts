export * from './bank-claim';
export * from './bank-transfer';
export * from './br-code';
export * from './charge';
export * from './customer-account';
export * from './errors';
export * from './pix-order';
export * from './statement';
