/** Masks as every list of the system shows them (the same rules as the services'). */

/** First 6 and last 4 characters of an ID number. */
export function maskIdNumber(number: string | null | undefined): string {
  if (!number) return '';
  return number.length > 10
    ? number.slice(0, 6) + '*'.repeat(number.length - 10) + number.slice(-4)
    : '*'.repeat(number.length);
}

/** First 3 and last 4 digits of a phone number. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  return phone.length > 7
    ? phone.slice(0, 3) + '*'.repeat(Math.max(phone.length - 7, 0)) + phone.slice(-4)
    : '*'.repeat(phone.length);
}
