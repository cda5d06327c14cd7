import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import type { StructuredLogger } from '../logging/structured-logger';
import { AdminGrpcServer } from './admin-server';
import { AdminModule, type FirstTokenSink } from './admin.module';
import type { SwitchStateSource } from './switch-state';

/** A running controller with its admin API. */
export interface AdminApp {
  readonly app: INestMicroservice;
  readonly server: AdminGrpcServer;
  /** host:port the admin API listens on (the real port when 0 was asked). */
  readonly address: string;
}

/**
 * Boots the controller as a Nest microservice whose transport is the admin gRPC server
 * (config `admin.*`), and starts listening. Migrations run and the first token is made before
 * the first call is served.
 */
export async function startAdminApp(
  config: AppConfig,
  logger: StructuredLogger,
  parts: { firstTokenSink?: FirstTokenSink; switchState?: SwitchStateSource } = {},
): Promise<AdminApp> {
  const server = new AdminGrpcServer(config.admin);
  const app = await NestFactory.createMicroservice(
    AppModule.register(config, logger, [], [AdminModule.register(parts)]),
    { strategy: server, logger, abortOnError: false },
  );
  await app.listen();
  const host = config.admin.host.includes(':') ? `[${config.admin.host}]` : config.admin.host;
  logger.log({ msg: 'admin API listening', address: `${host}:${server.port}` }, 'Admin');
  return { app, server, address: `${host}:${server.port}` };
}
