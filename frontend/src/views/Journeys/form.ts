// The journey form's state and how it becomes Go's LinkOptions. Only input handling lives
// here (text → number, which fields a journey shows); every rule is checked by Go.
import type { Destination, LinkOptions, Preset } from '../../link/desk';

export const journeys = [
  { id: 'deposit', label: 'Deposit — the user sends to your addresses' },
  { id: 'payment', label: 'Payment — a fixed amount' },
  { id: 'onramp', label: 'Onramp — the user buys crypto' },
  { id: 'withdrawal', label: 'Withdrawal — connect, then show deposit addresses' },
  { id: 'verify', label: 'Verify a wallet' },
  { id: 'verify-deposit', label: 'Verify a wallet, then deposit' },
  { id: 'verify-payment', label: 'Verify a wallet, then pay' },
] as const;

export type JourneyId = (typeof journeys)[number]['id'];

/** Whether a journey sends funds to destinations. */
export const hasDestinations = (j: string) => ['deposit', 'payment', 'onramp', 'verify-deposit', 'verify-payment'].includes(j);
/** Whether a journey verifies a wallet. */
export const hasVerify = (j: string) => j.startsWith('verify');
/** Whether a journey moves funds (a production profile asks first). */
export const movesFunds = (j: string) => j !== 'verify' && j !== 'connect';

/** One destination row as typed. */
export interface DestinationRow {
  networkId: string;
  symbol: string;
  address: string;
  amount: string;
}

/** The form as typed. */
export interface JourneyFormState {
  journey: JourneyId;
  userId: string;
  destinations: DestinationRow[];
  amountInFiat: string;
  transactionId: string;
  description: string;
  smartFunding: boolean;
  inclusiveFees: boolean;
  verifyMessage: string;
  verifyAddress: string;
  verifyNetworkId: string;
}

export const emptyRow = (): DestinationRow => ({ networkId: '', symbol: '', address: '', amount: '' });

export function initialState(userId: string): JourneyFormState {
  return {
    journey: 'deposit',
    userId,
    destinations: [emptyRow()],
    amountInFiat: '',
    transactionId: '',
    description: '',
    smartFunding: false,
    inclusiveFees: false,
    verifyMessage: '',
    verifyAddress: '',
    verifyNetworkId: '',
  };
}

/** Parses an amount as typed: undefined when empty, NaN when it is not a number. */
export function parseAmount(s: string): number | undefined {
  const t = s.trim().replace(/,/g, '');
  if (t === '') return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
}

/** Amount fields whose text is not a number (the form says so before asking Go). */
export function unparsable(s: JourneyFormState): Record<string, string> {
  const out: Record<string, string> = {};
  const check = (field: string, v: string) => {
    if (Number.isNaN(parseAmount(v))) out[field] = 'not a number';
  };
  check('amountInFiat', s.amountInFiat);
  if (hasDestinations(s.journey)) s.destinations.forEach((d, i) => check(`destinations[${i}].amount`, d.amount));
  return out;
}

/** The LinkOptions Go validates. */
export function toOptions(s: JourneyFormState, confirmProduction: boolean): Partial<LinkOptions> {
  const dests = hasDestinations(s.journey)
    ? s.destinations.map((d) => ({ networkId: d.networkId, symbol: d.symbol, address: d.address, addressTag: '', amount: parseAmount(d.amount) }) as Destination)
    : [];
  const verify = hasVerify(s.journey);
  return {
    journey: s.journey,
    userId: s.userId,
    destinations: dests,
    amountInFiat: hasDestinations(s.journey) ? parseAmount(s.amountInFiat) : undefined,
    transactionId: hasDestinations(s.journey) ? s.transactionId : '',
    description: hasDestinations(s.journey) ? s.description : '',
    smartFunding: hasDestinations(s.journey) && s.smartFunding,
    inclusiveFees: hasDestinations(s.journey) && s.inclusiveFees,
    verifyMessage: verify ? s.verifyMessage : '',
    verifyAddress: verify ? s.verifyAddress : '',
    verifyNetworkId: verify ? s.verifyNetworkId : '',
    confirmProduction,
  };
}

const amountText = (n?: number) => (n === undefined || n === null ? '' : String(n));

/** Fills the form from a preset (the user id and per-transfer fields stay). */
export function applyPreset(s: JourneyFormState, p: Preset): JourneyFormState {
  return {
    ...s,
    journey: (journeys.some((j) => j.id === p.journey) ? p.journey : 'deposit') as JourneyId,
    destinations: (p.destinations ?? []).map((d) => ({ networkId: d.networkId, symbol: d.symbol, address: d.address, amount: amountText(d.amount) })),
    amountInFiat: amountText(p.amountInFiat),
    smartFunding: p.smartFunding,
    inclusiveFees: p.inclusiveFees,
  };
}

/** The preset the form would save under name. */
export function toPreset(s: JourneyFormState, name: string): Preset {
  const o = toOptions(s, false);
  return {
    name,
    journey: s.journey,
    destinations: o.destinations ?? [],
    amountInFiat: o.amountInFiat,
    smartFunding: s.smartFunding,
    inclusiveFees: s.inclusiveFees,
  } as Preset;
}
