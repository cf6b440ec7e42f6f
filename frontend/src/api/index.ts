export * from './app';
export * from './runtime';
