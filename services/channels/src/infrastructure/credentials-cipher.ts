/**
 * Provider credentials at rest: the platform's SecretCipher (AES-256-GCM, key id in every value,
 * old keys for decryption during a rotation), under the names the channels service uses.
 */
export {
  SecretCipher as CredentialsCipher,
  SecretDecryptError as CredentialsDecryptError,
  SecretKeyError as CredentialsKeyError,
} from '@kalcifer/platform';
