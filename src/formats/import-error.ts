import { InvalidInput } from '../errors.ts';

/** An uploaded file the importer cannot read as a story; the message is shown to the uploader. */
export class ImportFormatError extends InvalidInput {
  constructor(message: string) {
    super(message, 'file');
    this.name = 'ImportFormatError';
  }
}
