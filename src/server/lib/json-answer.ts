/**
 * An answer whose JSON is already written (a list whose rows the database keeps as JSON text): the route
 * sends it as it is. Under test it is held to the route's response schema (http/route.ts).
 */
export class JsonAnswer {
  constructor(readonly text: string) {}
}
