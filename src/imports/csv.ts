// An incremental CSV reader (RFC 4180): fields in double quotes may hold commas, line breaks and
// doubled quotes; records end at LF or CRLF; a UTF-8 byte order mark before the header is dropped.
// Text is fed in pieces as it arrives, and complete records come out as they end, so a file is
// never held whole.

export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** After a closing quote inside a quoted field: a second quote is an escaped one. */
  private quoteSeen = false;
  private started = false;
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;

  /** Feeds a piece of text; returns the records completed by it, each with the line it began on. */
  push(text: string): [number, string[]][] {
    const out: [number, string[]][] = [];
    let i = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue;
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
        } else {
          if (c === '"') this.quoteSeen = true;
          else {
            if (c === '\n') this.line += 1;
            this.field += c;
          }
          continue;
        }
      }
      if (c === '"' && this.field === '') {
        this.quoted = true;
      } else if (c === ',') {
        this.fields.push(this.field);
        this.field = '';
      } else if (c === '\n' || c === '\r') {
        this.pendingCr = c === '\r';
        this.fields.push(this.field);
        this.field = '';
        out.push([this.recordLine, this.fields]);
        this.fields = [];
        this.line += 1;
        this.recordLine = this.line;
      } else {
        this.field += c;
      }
    }
    return out;
  }

  /** Ends the text: the last record, when the file does not end with a line break. */
  end(): [number, string[]][] {
    if (this.quoted && !this.quoteSeen) throw new CsvError(`line ${this.recordLine}: a quoted field is never closed`);
    this.quoted = false;
    this.quoteSeen = false;
    if (this.field === '' && this.fields.length === 0) return [];
    this.fields.push(this.field);
    const last: [number, string[]] = [this.recordLine, this.fields];
    this.fields = [];
    this.field = '';
    return [last];
  }
}

export class CsvError extends Error {}

/** Whether a record is a blank line (skipped, as a spreadsheet's trailing lines are). */
export const isBlank = (fields: string[]): boolean => fields.length === 1 && fields[0] === '';
