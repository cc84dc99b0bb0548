import type { ItemRequest } from '../../../server/department-api/contract.ts';
import type { Photo } from '../../application-source/application-source.ts';
import type { DecisionFeed, DepartmentAnswer, RequestWith, Submit } from '../department-system.ts';

export type CardRequest = RequestWith<'card'>;
export type ArchiveRequest = RequestWith<'archive'>;
export type EmploymentRequest = RequestWith<'employment'>;

/** The approved card was posted. */
export interface CardMailed {
  trackingNumber: string;
  /** ISO 8601 with offset. */
  mailedAt: string;
}

/**
 * The human resources and social security department's system (人力资源社会保障部门): four
 * items and the mailing of approved cards. Implemented by `ReferenceHrssSystem` (this
 * project's database) and `HttpDepartmentSystem` (the department's HTTP API).
 *
 * Every method is idempotent per application and item; see `Submit` for the error contract.
 */
export interface HrssSystem extends DecisionFeed {
  /** 灵活就业人员参保登记: voluntary enrollment in employees' basic pension. */
  enrollPension: Submit<ItemRequest>;
  /** 社会保障卡申领: only for someone who never applied for a card; carries the photo. */
  applyForCard(request: CardRequest, photo: Photo): Promise<DepartmentAnswer>;
  /** 流动人员人事档案接收和转递. */
  transferArchive: Submit<ArchiveRequest>;
  /** 灵活就业登记. */
  registerEmployment: Submit<EmploymentRequest>;
  /**
   * Posts the approved card to the mailing address. Throws `WorkerError` `CARD_NOT_APPROVED`
   * when the application has no approved card (no retry helps).
   */
  mailCard(request: CardRequest): Promise<CardMailed>;
}
