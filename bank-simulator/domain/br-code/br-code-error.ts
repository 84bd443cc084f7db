import { ValidationError } from '../../../src/domain';

/**
 * A defect of a BR Code, naming the field by its EMV id (`br_code.54`, a template's sub-field as
 * `br_code.62.05`, the payload as a whole as `br_code`). One stable code: callers tell defects apart by
 * the field, people by the message.
 */
export class BrCodeError extends ValidationError {
  constructor(id: string | undefined, message: string) {
    super(id === undefined ? 'br_code' : `br_code.${id}`, message, 'BR_CODE.INVALID');
  }
}
