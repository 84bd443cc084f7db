/*
 * Every limit of the product and of its protocol, in one place, named noun_unit_max. Each says why it
 * has its value. Where a database column also enforces one, the migrations keep literal SQL and
 * column-widths.spec.ts checks their widths against these, so the two cannot drift. Plain numbers only:
 * this file imports nothing, so the domain, the bank simulator and the CLI can all build on it (lib/,
 * which imports nothing of src/, is handed the ones it needs by its callers).
 */

// Money, in cents.

/**
 * Largest amount one order, deposit or transfer notice may carry at a bank: R$ 10 billion. Above it an
 * amount is surely a typo, and sums of many such amounts stay far inside INT64_MAX.
 */
export const AMOUNT_CENTS_MAX = 1_000_000_000_000n;
/**
 * Largest settlement balance funding may reach, and largest net debit cap: R$ 1 quadrillion. Every
 * figure of a settlement account (balance, reserved, available = balance - reserved + cap) then stays
 * far inside INT64_MAX even when the money of many banks flows into one.
 */
export const SETTLEMENT_CENTS_MAX = 10n ** 17n;
/** The width of every money field: proto int64 and Postgres bigint. Nothing may ever pass it. */
export const INT64_MAX = 2n ** 63n - 1n;

// Text, in characters (code points, as Postgres varchar counts them).

/** ISO 20022's Max140Text, what a Pix message (pacs.008) allows for the payer's remittance information. */
export const DESCRIPTION_CHARS_MAX = 140;
/** ISO 20022's Max140Text for a party's name, as pacs.008 carries debtor and creditor names. */
export const OWNER_NAME_CHARS_MAX = 140;
/**
 * Far above any valid key (the longest, an email, is PIX_KEY_CHARS_MAX): a malformed key up to this
 * long is stored and rejected KEY_NOT_FOUND; a longer one is refused unstored.
 */
export const CREDITOR_KEY_CHARS_MAX = 140;
/** The Pix API's txid (and a dynamic BR Code's 62.05): 26 to 35 letters and digits; a static code's up to 25. */
export const TXID_CHARS_MAX = 35;
/** DICT's limit for an email key: the longest key of any kind (an EVP is 36, a phone 14), the key column's width. */
export const PIX_KEY_CHARS_MAX = 77;
/** A participant's name for people: shown in lists and logs, never sent to other banks. */
export const BANK_NAME_CHARS_MAX = 100;
/**
 * A rejection's detail for people (the field or rule, or a creditor bank's own words). Longer text is
 * cut, never refused: a rejection must always be storable.
 */
export const REJECTION_DETAIL_CHARS_MAX = 300;
/** Why a transfer was raised for reconciliation, for the person who puts it right; cut like a rejection's. */
export const RECONCILIATION_DETAIL_CHARS_MAX = 300;
/**
 * A bank's own words when it reports a transfer it has no record of: they are quoted inside the
 * reconciliation's detail, so they leave room for the hub's sentence around them.
 */
export const REPORTED_DETAIL_CHARS_MAX = 200;
/** A settlement funding's idempotency key: a UUID (36) or an operator's own reference fits. */
export const FUNDING_IDEMPOTENCY_KEY_CHARS_MAX = 100;
/** The `Idempotency-Key` header of a bank's HTTP API: a UUID (36) or a client's own reference fits. */
export const IDEMPOTENCY_KEY_CHARS_MAX = 128;

// The BR Code (Pix Copia e Cola), in characters, as the BCB's "Manual de Padrões para Iniciação do Pix"
// sets them; the Pix key (26.01) is PIX_KEY_CHARS_MAX and a dynamic code's txid TXID_CHARS_MAX.

/** The whole BR Code text: the manual's bound, which keeps its QR code small enough to scan. */
export const BR_CODE_PAYLOAD_CHARS_MAX = 512;
/** Field 54, the amount as written ("1234567890.12"): the manual's 13 characters. */
export const BR_CODE_AMOUNT_CHARS_MAX = 13;
/** Field 59, the payee's name: EMV QRCPS's 25, the manual's too. */
export const MERCHANT_NAME_CHARS_MAX = 25;
/** Field 60, the payee's city: EMV QRCPS's 15, the manual's too. */
export const MERCHANT_CITY_CHARS_MAX = 15;
/** Field 26.25, where a PSP serves a dynamic code's charge (no scheme): the manual's 77. */
export const BR_CODE_URL_CHARS_MAX = 77;
/** A static code's txid (62.05), letters and digits: the manual's 25 (or `***` for none). */
export const STATIC_TXID_CHARS_MAX = 25;
/** A dynamic code's txid is at least this long, the Pix API's lower bound: never taken for a static one's. */
export const DYNAMIC_TXID_CHARS_MIN = 26;
/** An EMV data object's value: its length is written in 2 digits, so 99 at most. */
export const TLV_VALUE_CHARS_MAX = 99;

// Time.

/** The SPI's window for a refund (devolução): 90 days from the original transfer's settlement. */
export const REFUND_PERIOD_DAYS_MAX = 90;

// Account identifiers, in digits.

/** A Brazilian branch (agência) number has at most 4 digits. */
export const BRANCH_DIGITS_MAX = 4;
/** DICT's account number field takes up to 20 digits. */
export const ACCOUNT_NUMBER_DIGITS_MAX = 20;

// Counts.

/** DICT's rule: an account of a person (CPF) holds at most 5 active keys. */
export const KEYS_PER_PERSON_MAX = 5;
/** DICT's rule: an account of a company (CNPJ) holds at most 20 active keys. */
export const KEYS_PER_COMPANY_MAX = 20;
/**
 * Transfers in one page of the hub's ListTransfers: one query and one gRPC message. 500 transfers of
 * at most ~4 KiB each stay under gRPC's default 4 MiB message limit.
 */
export const PAGE_SIZE_MAX = 500;
/** Items (transfers, statement lines) in one answer of a bank's HTTP API: one query, one JSON body. */
export const BANK_LIST_ITEMS_MAX = 1_000;

// Bytes.

/**
 * A request body a bank's HTTP API reads. An order is well under 1 KiB; a larger body is refused
 * (413) before it is parsed.
 */
export const HTTP_BODY_BYTES_MAX = 64 * 1024;
/**
 * The payload a Kafka consumer reads; a bigger message is dead-lettered unread. The largest message
 * the protocol defines (a transfer with every text at its maximum, 4 bytes a character) is under
 * 4 KiB: this leaves room to grow, and keeps one message from weighing on a whole batch.
 */
export const MESSAGE_BYTES_MAX = 64 * 1024;
/**
 * What a consumer fetches from one partition at a time, and so the most one partition's batch holds
 * (kafkajs's maxBytesPerPartition; its default is the same 1 MiB, set here so the project owns it).
 * A signed transfer message with its headers is 0.5-1 KiB: about 1,000-2,000 messages, as many as an
 * outbox publisher batch (1,000), what one database transaction of a consumer handles well; and room
 * for 16 messages of MESSAGE_BYTES_MAX (the broker sends a first batch larger than this anyway, so
 * nothing can be stuck behind it).
 */
export const KAFKA_PARTITION_BATCH_BYTES_MAX = 1024 * 1024;
/**
 * What one fetch brings over all of a consumer's partitions (kafkajs's maxBytes; its default is
 * 10 MiB). The hub applies every partition fetched at once in one group commit, so one database
 * transaction: four full partition batches (KAFKA_PARTITIONS' default is 4), some 4,000-8,000
 * messages, keep that transaction's locks short.
 */
export const KAFKA_FETCH_BYTES_MAX = 4 * KAFKA_PARTITION_BATCH_BYTES_MAX;
/** The three together, as every Kafka consumer of the project (hub, banks, benchmarks) passes them to lib. */
export const KAFKA_BATCH_BOUNDS = {
  messageBytesMax: MESSAGE_BYTES_MAX,
  partitionBatchBytesMax: KAFKA_PARTITION_BATCH_BYTES_MAX,
  fetchBytesMax: KAFKA_FETCH_BYTES_MAX,
} as const;
