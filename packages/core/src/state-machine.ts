import { GatewayError } from './errors.js';

/** Allowed moves: for each state, the states it may go to. */
export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

/** A lifecycle with explicit states; an illegal move throws instead of corrupting state. */
export interface StateMachine<S extends string> {
  readonly state: S;
  /** Moves to `next`; throws PROTOCOL_ERROR when the move is not allowed. */
  to(next: S): void;
  /** True when the machine is in one of `states`. */
  is(...states: S[]): boolean;
}

/** Creates a state machine named `name` (for error messages), starting in `initial`. */
export function createStateMachine<S extends string>(
  name: string,
  initial: S,
  transitions: Transitions<S>,
  onChange?: (from: S, to: S) => void,
): StateMachine<S> {
  let state = initial;
  return {
    get state() {
      return state;
    },
    to(next) {
      if (!transitions[state].includes(next)) {
        throw new GatewayError('INTERNAL', `${name}: illegal transition ${state} -> ${next}`);
      }
      const from = state;
      state = next;
      onChange?.(from, next);
    },
    is: (...states) => states.includes(state),
  };
}
