/**
 * Masks for personal data shown to people who may not see it whole (DOMAIN.md "Personal data").
 */

/** `370102199003071234` → `3701**********1234`. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 4) + '*'.repeat(idNumber.length - 8) + idNumber.slice(-4);
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+86/, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** Keeps the first six characters of an address (province and city), masks the rest. */
export function maskAddress(address: string): string {
  const chars = [...address];
  return chars.slice(0, 6).join('') + (chars.length > 6 ? '****' : '');
}

/** `张三丰` → `张**`. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}
