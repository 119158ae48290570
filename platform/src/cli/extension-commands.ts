/**
 * @module
 * Commands of the feature modules (archive, audit).
 */
import type { Command } from 'commander';

export function registerExtensionCommands(_program: Command): void {}
