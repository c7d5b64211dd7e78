import type { z } from "zod";
import type { createJobBody, JobDto, updateJobBody } from "../../../shared/tickets-api.js";
import { type Deps, inTransaction } from "../../deps.js";
import type { Repos } from "../../repos.js";
import { AppError, invalid, notFound } from "../../errors.js";
import type { StaffActor } from "../../policy/actors.js";
import { authorize } from "../../policy/policy.js";
import type { ApprovalsService } from "../approvals/approvals.service.js";
import type { JobView } from "./jobs.repo.js";

export const presentJob = (j: JobView): JobDto => ({
  id: j.id,
  accountId: j.accountId,
  number: j.number,
  name: j.name,
  status: j.status,
  manager: j.managerStaffId ? { id: j.managerStaffId, name: j.managerName ?? "" } : null,
  contact: j.contactId ? { id: j.contactId, name: j.contactName ?? "" } : null,
  visibleInPortal: j.visibleInPortal,
  customersAddTickets: j.customersAddTickets,
  copyEmailsToManager: j.copyEmailsToManager,
  hoursVisible: j.hoursVisible,
  isDefault: j.isDefault,
  requiresApproval: j.requiresApproval,
  billingRate: j.billingRate,
});

export function createJobsService(
  d: Deps,
  { jobs: repo, accounts: { getAccount }, contacts: { getContact }, staff: { getStaff } }: Pick<Repos, "jobs" | "accounts" | "contacts" | "staff">,
  { approvals }: { approvals: Pick<ApprovalsService, "withdrawForNewContact"> },
) {
  async function loadAccount(actor: StaffActor, accountId: string) {
    const a = await getAccount(d.db, actor.tenantId, accountId);
    if (!a) throw notFound("Account not found");
    return a;
  }

  /** The job manager is a staff user; the job contact is a contact of the job's account. */
  async function checkPeople(actor: StaffActor, accountId: string, v: { managerStaffId?: string | null; contactId?: string | null }) {
    if (v.managerStaffId && !(await getStaff(d.db, actor.tenantId, v.managerStaffId))) throw invalid("managerStaffId", "is not a staff user");
    if (v.contactId) {
      const c = await getContact(d.db, actor.tenantId, v.contactId);
      if (!c || !c.accounts.some((a) => a.id === accountId)) throw invalid("contactId", "is not a contact of this account");
    }
  }

  async function listAccountJobs(actor: StaffActor, accountId: string) {
    authorize(actor, "job.read");
    await loadAccount(actor, accountId);
    return { items: (await repo.listJobs(d.db, actor.tenantId, accountId)).map(presentJob) };
  }

  /** JOB-1: the account's first job becomes its default job. */
  async function createJob(actor: StaffActor, accountId: string, body: z.infer<typeof createJobBody>) {
    authorize(actor, "job.manage");
    await loadAccount(actor, accountId);
    await checkPeople(actor, accountId, body);
    const id = await inTransaction(d, async (tx) => {
      const first = (await repo.countJobs(tx, actor.tenantId, accountId)) === 0;
      return repo.insertJob(tx, actor.tenantId, { ...body, accountId, isDefault: first });
    }, "Another job already has this number");
    return presentJob((await repo.getJob(d.db, actor.tenantId, id))!);
  }

  async function loadJob(actor: StaffActor, id: string) {
    const j = await repo.getJob(d.db, actor.tenantId, id);
    if (!j) throw notFound("Job not found");
    return j;
  }

  async function updateJob(actor: StaffActor, id: string, body: z.infer<typeof updateJobBody>) {
    authorize(actor, "job.manage");
    const j = await loadJob(actor, id);
    await checkPeople(actor, j.accountId, body);
    if (j.isDefault && body.status === "closed") throw new AppError("CONFLICT", "Make another job the default before closing this one");
    await inTransaction(d, async (tx) => {
      if (body.contactId !== undefined && body.contactId !== j.contactId) await approvals.withdrawForNewContact(tx, actor, id);
      await repo.updateJob(tx, actor.tenantId, id, body);
    }, "Another job already has this number");
    return presentJob((await loadJob(actor, id)));
  }

  async function setDefaultJob(actor: StaffActor, id: string) {
    authorize(actor, "job.manage");
    const j = await loadJob(actor, id);
    if (j.status !== "active") throw new AppError("CONFLICT", "Only an active job can be the default");
    await inTransaction(d, (tx) => repo.makeDefaultJob(tx, actor.tenantId, j.accountId, id));
    return presentJob(await loadJob(actor, id));
  }

  return { listAccountJobs, createJob, updateJob, setDefaultJob };
}
export type JobsService = ReturnType<typeof createJobsService>;
