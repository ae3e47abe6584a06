/**
 * The numbers behind one generated ride, before any text is made. The distributions are rough
 * fits to the July 2020 yellow-taxi file (vendors, passenger counts, the $52 JFK flat fare, $6.12
 * tolls, 20% card tips, refund pairs, rows with no vendor metadata), not a statistical model:
 * what matters is that the values look and parse like the real ones.
 */
import { Mulberry32 } from "./prng.js";

/** One ride as numbers. Money in cents, distance in hundredths of a mile, time in epoch seconds. */
export interface RideRecord {
  vendor: number; // 1 | 2; 0 = missing
  pickup: number;
  dropoff: number;
  passengers: number; // -1 = missing
  distance: number;
  ratecode: number; // 0 = missing
  flag: number; // 0 = missing, 1 = N, 2 = Y
  puLocation: number;
  doLocation: number;
  payment: number; // 0 = missing
  fare: number;
  extra: number;
  mta: number;
  tip: number;
  tolls: number;
  improvement: number;
  total: number;
  congestion: number;
}

/** How rides are spread over time and how often the odd cases come up. */
export interface RideModelOptions {
  /** PRNG seed (an integer). */
  readonly seed: number;
  /** Epoch seconds (UTC) of the first pickup. */
  readonly startSeconds: number;
  /** Mean time between successive pickups, in milliseconds. */
  readonly meanGapMs: number;
  /** Fraction of rides whose pickup is moved back in time (late, out-of-order events). */
  readonly lateFraction: number;
  /** How far back a late ride's pickup moves at most, in seconds. */
  readonly maxLateSeconds: number;
  /** Fraction of rides with no vendor metadata (empty VendorID, passengers, rate code, flag, payment). */
  readonly missingFraction: number;
}

// Busy TLC zones (Manhattan and the airports): most pickups and drop-offs are in a few of them.
const BUSY_ZONES = [
  236, 237, 161, 162, 186, 230, 170, 48, 142, 234, 239, 141, 140, 263, 68, 79, 107, 238, 100, 113, 164, 249, 90, 229,
  233, 137, 75, 74, 43, 246, 158, 125, 231, 144, 211, 114, 148, 87, 13, 261, 132, 138, 166, 151, 41, 24, 262, 88,
];

export function emptyRecord(): RideRecord {
  return {
    vendor: 0, pickup: 0, dropoff: 0, passengers: -1, distance: 0, ratecode: 0, flag: 0, puLocation: 0,
    doLocation: 0, payment: 0, fare: 0, extra: 0, mta: 0, tip: 0, tolls: 0, improvement: 0, total: 0, congestion: 0,
  };
}

/**
 * Fills {@link RideRecord}s one after the other. Row `i`'s pickup is near `start + i * meanGap`,
 * except for the late ones, so event time rises with the row index the way a Kafka topic fed in
 * file order would, with a few stragglers for watermark tests.
 */
export class RideModel {
  private readonly rng: Mulberry32;
  private index = 0;
  private pending: RideRecord | undefined;

  constructor(private readonly options: RideModelOptions) {
    this.rng = new Mulberry32(options.seed);
  }

  /** Writes the next ride into `r` (reused by the caller, so no allocation per row). */
  next(r: RideRecord): void {
    const i = this.index++;
    if (this.pending !== undefined) {
      // The second row of a refund pair: the same trip, paid again in cash (as the real files show).
      Object.assign(r, this.pending);
      this.pending = undefined;
      return;
    }
    this.fill(r, i);
  }

  private fill(r: RideRecord, i: number): void {
    const rng = this.rng;
    const o = this.options;
    const base = o.startSeconds * 1000 + i * o.meanGapMs + rng.next() * o.meanGapMs;
    let pickup = Math.floor(base / 1000);
    if (rng.next() < o.lateFraction && i > 0) pickup -= 1 + rng.int(o.maxLateSeconds);

    const missing = rng.next() < o.missingFraction;
    r.vendor = missing ? 0 : rng.next() < 0.66 ? 2 : 1;
    r.passengers = missing ? -1 : passengers(rng);
    r.ratecode = missing ? 0 : ratecode(rng);
    r.flag = missing ? 0 : r.vendor === 1 && rng.next() < 0.03 ? 2 : 1;
    r.puLocation = zone(rng);
    r.doLocation = rng.next() < 0.08 ? r.puLocation : zone(rng);

    // Distance: mostly short hops, an exponential tail; airport trips are long; a few meters read 0.
    let miles = r.ratecode === 2 ? 15 + rng.next() * 7 : 0.3 + -Math.log(1 - rng.next()) * 2.8;
    if (rng.next() < 0.015) miles = 0;
    r.distance = Math.min(Math.round(miles * 100), 9_999);

    let seconds = Math.round((miles / (7 + rng.next() * 13)) * 3600) + 20 + rng.int(300);
    if (rng.next() < 0.002) seconds += rng.int(86_400); // meters left running: hours-long "trips"
    if (missing) {
      // Rows without vendor metadata come with whole-minute times in the real files.
      pickup -= ((pickup % 60) + 60) % 60;
      seconds -= seconds % 60;
    }
    r.pickup = pickup;
    r.dropoff = pickup + seconds;

    this.fillMoney(r, missing, seconds);
    if ((r.payment === 3 || r.payment === 4) && rng.next() < 0.4) this.makeRefundPair(r);
  }

  private fillMoney(r: RideRecord, missing: boolean, seconds: number): void {
    const rng = this.rng;
    const units = Math.floor(r.distance / 20) + Math.floor(seconds / 300); // $0.50 per 1/5 mile or 5 min
    switch (r.ratecode) {
      case 2: r.fare = 5200; break; // JFK flat fare
      case 3: r.fare = 2000 + 50 * units; break; // Newark
      case 4: r.fare = 2 * (250 + 50 * units); break; // Nassau/Westchester: double meter
      case 5: r.fare = 1000 + 100 * rng.int(90); break; // negotiated
      default: r.fare = missing ? 250 + 50 * units + rng.int(100) : 250 + 50 * units;
    }
    const hour = Math.floor((((r.pickup % 86_400) + 86_400) % 86_400) / 3600);
    const weekday = (Math.floor(r.pickup / 86_400) + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
    if (missing) r.extra = rng.next() < 0.5 ? 275 : 0;
    else if (r.ratecode === 2 || r.ratecode === 5) r.extra = 0;
    else if (hour >= 20 || hour < 6) r.extra = 50;
    else if (hour >= 16 && weekday >= 1 && weekday <= 5) r.extra = 100;
    else r.extra = 0;
    r.mta = 50;
    r.improvement = 30;
    r.congestion = rng.next() < 0.72 ? 250 : 0;
    const t = rng.next();
    r.tolls = t < 0.04 ? 612 : t < 0.043 ? 1224 : t < 0.045 ? 1175 : 0;
    r.payment = missing ? 0 : payment(rng);
    const subtotal = r.fare + r.extra + r.mta + r.improvement + r.congestion + r.tolls;
    r.tip = r.payment === 1 ? tip(rng, subtotal) : 0;
    r.total = subtotal + r.tip;
  }

  /** Emits the refund (all money negated) now and queues the re-charged copy as the next row. */
  private makeRefundPair(r: RideRecord): void {
    this.pending = { ...r, payment: 2 };
    r.fare = -r.fare;
    r.extra = -r.extra;
    r.mta = -r.mta;
    r.tolls = -r.tolls;
    r.improvement = -r.improvement;
    r.congestion = -r.congestion;
    r.total = -r.total;
  }
}

function passengers(rng: Mulberry32): number {
  const p = rng.next();
  if (p < 0.72) return 1;
  if (p < 0.86) return 2;
  if (p < 0.9) return 3;
  if (p < 0.92) return 4;
  if (p < 0.95) return 5;
  if (p < 0.97) return 6;
  if (p < 0.995) return 0;
  return -1; // the odd empty count in an otherwise complete row
}

function ratecode(rng: Mulberry32): number {
  const p = rng.next();
  if (p < 0.96) return 1;
  if (p < 0.985) return 2;
  if (p < 0.993) return 5;
  if (p < 0.995) return 3;
  if (p < 0.999) return 4;
  return 99;
}

function payment(rng: Mulberry32): number {
  const p = rng.next();
  if (p < 0.7) return 1;
  if (p < 0.97) return 2;
  if (p < 0.985) return 3;
  return 4;
}

function zone(rng: Mulberry32): number {
  return rng.next() < 0.7 ? (BUSY_ZONES[rng.int(BUSY_ZONES.length)] as number) : 1 + rng.int(265);
}

function tip(rng: Mulberry32, subtotal: number): number {
  const p = rng.next();
  if (p < 0.15) return 0;
  if (p < 0.5) return Math.round(subtotal * 0.2);
  if (p < 0.7) return Math.round(subtotal * 0.25);
  if (p < 0.8) return Math.round(subtotal * 0.3);
  if (p < 0.9) return 100 * (1 + rng.int(5));
  return rng.int(Math.floor(subtotal * 0.3) + 1);
}
