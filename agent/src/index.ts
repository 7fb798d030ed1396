// The package entry point; its modules are added by the issues that build them.
export {};
