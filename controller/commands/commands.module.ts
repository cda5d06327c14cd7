import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module';
import { CommandService } from './command.service';

/** The commands context: CommandService, on the persistence context's DomainRepository. */
@Module({
  imports: [PersistenceModule],
  providers: [CommandService],
  exports: [CommandService],
})
export class CommandsModule {}
