import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence/persistence.module';
import { CommandService } from './command.service';
import { planFromState } from './planner-binding';
import { SlicePlanner } from './slice-planner';

/** The commands context: CommandService, with the slice planner bound. */
@Module({
  imports: [PersistenceModule],
  providers: [CommandService, { provide: SlicePlanner, useValue: { plan: planFromState } }],
  exports: [CommandService],
})
export class CommandsModule {}
