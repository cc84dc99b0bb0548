/** The part of `bpmn-moddle`'s untyped entry point the deployment parser uses. */
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    message: string;
    element?: { $type: string; id?: string };
    property?: string;
    value?: unknown;
  }

  export interface ModdleParseResult {
    rootElement: unknown;
    warnings: ModdleWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ModdleParseResult>;
  }
}
