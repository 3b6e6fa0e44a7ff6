// The case state machine: plain, deterministic, no Temporal imports. The workflow feeds it
// inputs and the clock, and executes the effects it returns.
export * from './state';
export * from './deadlines';
export * from './rules';
export * from './effect-builders';
export * from './steps';
export * from './controls';
export * from './view';
export * from './family';
export * from './migration';
export * from './persons';
export * from './consent';
export * from './batch';
