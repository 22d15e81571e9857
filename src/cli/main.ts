#!/usr/bin/env node
import { processIo, quitWhenPipesClose } from './io.js';
import { runCli } from './program.js';

quitWhenPipesClose();

process.exitCode = await runCli(process.argv.slice(2), processIo());
