export interface ProviderPluginGeneratorSchema {
  code: string;
  displayName?: string;
  className?: string;
  directory?: string;
}
