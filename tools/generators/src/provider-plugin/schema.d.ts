export interface ProviderPluginGeneratorSchema {
  code: string;
  displayName?: string;
  directory?: string;
}
