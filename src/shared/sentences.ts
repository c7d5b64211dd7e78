/** Messages people read are whole sentences: a field's name and what is wrong with it, capitalised and ended. */

/** "managerStaffId" → "Manager", "accountIds" → "Accounts", "query.pageSize" → "Page size". */
export function fieldLabel(field: string) {
  const last = field.split(".").pop() ?? field;
  if (last === "(body)") return "The request";
  const words = last
    .replace(/StaffIds?$|Ids?$/, (m) => (m.endsWith("s") ? "s" : ""))
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "This field";
}

export function asSentence(text: string) {
  const t = text.trim();
  if (!t) return t;
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?…)"”]$/.test(capital) ? capital : `${capital}.`;
}

/** A fragment such as "is not a staff user" reads after the field's name; anything else already says it all. */
const followsName = /^(is|are|was|were|must|does|do|did|has|have|contains|cannot|can't|should|needs|only|may)\b/i;

/** "Manager is not a staff user." — for a message that stands apart from its field (a notification, a log). */
export const fieldSentence = (field: string, message: string) =>
  asSentence(followsName.test(message) ? `${fieldLabel(field)} ${message}` : message);

/** "This is not a staff user." — for a message shown under the field it is about. */
export const underFieldSentence = (message: string) => asSentence(followsName.test(message) ? `This ${message}` : message);
