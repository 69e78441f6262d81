import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { Members } from '../../application/members';
import type { Principal } from '../../application/principal';
import { CurrentPrincipal } from './principal.decorator';
import {
  addMemberSchema,
  changeMemberSchema,
  type AddMemberDto,
  type ChangeMemberDto,
} from './schemas/members.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { ZodPipe } from './zod.pipe';

/** The workspace's members (console users by JWT subject or email) and their roles: admins. */
@Controller('v1/members')
export class MembersController {
  constructor(private readonly members: Members) {}

  @Post()
  @HttpCode(201)
  add(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(addMemberSchema)) dto: AddMemberDto) {
    return this.members.add(p, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.members.list(p);
  }

  @Patch(':id')
  change(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(changeMemberSchema)) dto: ChangeMemberDto,
  ) {
    return this.members.changeRole(p, id, dto.role);
  }

  @Delete(':id')
  remove(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.members.remove(p, id);
  }
}
