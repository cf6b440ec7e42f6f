package store

// FPMergeAt lets tests merge look-up fingerprints often.
var FPMergeAt = &fpMergeAt
