/**
 * @module
 * Mounts the feature modules that live in their own folders (documents, archive, web pages).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Runtime } from '../runtime-types.ts';
import type { AppEnv } from './app-env.ts';

export function mountExtensions(_app: OpenAPIHono<AppEnv>, _rt: Runtime): void {}
