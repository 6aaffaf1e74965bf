// A remembered device as clients keep one: ConfirmDevice with the verifier of a random device password
// (amazon-cognito-identity-js's generateHashDevice), and the device SRP sign-in answering
// DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER with it.
import { randomBytes } from 'node:crypto';
import {
  ConfirmDeviceCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
  type NewDeviceMetadataType,
  type RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeX, fromBytes, g, modPowN, padHex } from '../../src/auth/srpMath.js';
import { SrpTestClient } from './srpClient.js';

export class TestDevice {
  readonly password = randomBytes(40).toString('base64');
  readonly deviceKey: string;
  readonly deviceGroupKey: string;
  readonly salt = fromBytes(randomBytes(16));

  constructor(metadata: NewDeviceMetadataType) {
    this.deviceKey = metadata.DeviceKey!;
    this.deviceGroupKey = metadata.DeviceGroupKey!;
  }

  /** ConfirmDevice's DeviceSecretVerifierConfig: base64 of the padded salt and verifier. */
  verifierConfig() {
    const verifier = modPowN(g, computeX(this.salt, this.deviceGroupKey, this.deviceKey, this.password));
    return { PasswordVerifier: padHex(verifier).toString('base64'), Salt: padHex(this.salt).toString('base64') };
  }

  confirm(cognito: CognitoIdentityProviderClient, accessToken: string, DeviceName = 'laptop') {
    return cognito.send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: this.deviceKey, DeviceName, DeviceSecretVerifierConfig: this.verifierConfig() }));
  }

  /**
   * Answers DEVICE_SRP_AUTH (the Session of a sign-in that named this device) and then
   * DEVICE_PASSWORD_VERIFIER, signed at `now` (the server's clock), with `password` in place of the
   * device's own when given.
   */
  async prove(
    cognito: CognitoIdentityProviderClient,
    clientId: string,
    username: string,
    session: string,
    { now = Date.now(), password = this.password }: { now?: number; password?: string } = {},
  ): Promise<RespondToAuthChallengeCommandOutput> {
    const srp = new SrpTestClient('unused_pool');
    const verifier = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: session,
        ChallengeResponses: { USERNAME: username, DEVICE_KEY: this.deviceKey, SRP_A: srp.srpA },
      }),
    );
    if (verifier.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER') throw new Error(`expected DEVICE_PASSWORD_VERIFIER, got ${verifier.ChallengeName}`);
    return cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        Session: verifier.Session,
        ChallengeResponses: srp.answerDevice(verifier.ChallengeParameters!, { ...this, password }, now),
      }),
    );
  }
}
