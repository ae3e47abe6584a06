/**
 * The columns of the NYC TLC yellow-taxi trip records (the 2020 CSV layout the course uses), in file
 * order. See https://www.nyc.gov/assets/tlc/downloads/pdf/data_dictionary_trip_records_yellow.pdf
 */
export const RIDE_COLUMNS = [
  "VendorID",
  "tpep_pickup_datetime",
  "tpep_dropoff_datetime",
  "passenger_count",
  "trip_distance",
  "RatecodeID",
  "store_and_fwd_flag",
  "PULocationID",
  "DOLocationID",
  "payment_type",
  "fare_amount",
  "extra",
  "mta_tax",
  "tip_amount",
  "tolls_amount",
  "improvement_surcharge",
  "total_amount",
  "congestion_surcharge",
] as const;

/** One of the 18 ride column names. */
export type RideColumn = (typeof RIDE_COLUMNS)[number];

/**
 * The columns the course's Kafka producer sends, in its order (`row[0], row[1], row[2], row[3],
 * row[4], row[9], row[16]` of the CSV): vendor, pickup, dropoff, passengers, distance, payment type,
 * total amount.
 */
export const COURSE_COLUMNS: readonly RideColumn[] = [
  "VendorID",
  "tpep_pickup_datetime",
  "tpep_dropoff_datetime",
  "passenger_count",
  "trip_distance",
  "payment_type",
  "total_amount",
];

/** The CSV header line (without the newline). */
export const RIDES_CSV_HEADER: string = RIDE_COLUMNS.join(",");

/**
 * One ride as the CSV's text fields, in {@link RIDE_COLUMNS} order; a missing value is `""`
 * (the real files write nothing between the commas).
 */
export type RideRow = readonly string[];

const INDEX = new Map<string, number>(RIDE_COLUMNS.map((name, i) => [name, i]));

/** The position of a ride column, or a RangeError that lists the valid names. */
export function rideColumnIndex(name: string): number {
  const index = INDEX.get(name);
  if (index === undefined) {
    throw new RangeError(`unknown ride column "${name}"; the columns are: ${RIDE_COLUMNS.join(", ")}`);
  }
  return index;
}
