// The registry: every Cognito operation keypool answers, keyed by its wire name. Each file of this
// folder is one operation, named by its wire name and default-exporting defineOperation({ name, ... }).
// The compiler checks each key against the model's operation names and against the name its
// operation declares; a test checks that every file here is registered.
import type { Registry } from '../protocol/dispatch.js';
import AddCustomAttributes from './AddCustomAttributes.js';
import AddUserPoolClientSecret from './AddUserPoolClientSecret.js';
import AdminAddUserToGroup from './AdminAddUserToGroup.js';
import AdminConfirmSignUp from './AdminConfirmSignUp.js';
import AdminCreateUser from './AdminCreateUser.js';
import AdminDeleteUser from './AdminDeleteUser.js';
import AdminDeleteUserAttributes from './AdminDeleteUserAttributes.js';
import AdminDisableProviderForUser from './AdminDisableProviderForUser.js';
import AdminDisableUser from './AdminDisableUser.js';
import AdminEnableUser from './AdminEnableUser.js';
import AdminForgetDevice from './AdminForgetDevice.js';
import AdminGetDevice from './AdminGetDevice.js';
import AdminGetUser from './AdminGetUser.js';
import AdminGetUserAuthFactors from './AdminGetUserAuthFactors.js';
import AdminInitiateAuth from './AdminInitiateAuth.js';
import AdminLinkProviderForUser from './AdminLinkProviderForUser.js';
import AdminListDevices from './AdminListDevices.js';
import AdminListGroupsForUser from './AdminListGroupsForUser.js';
import AdminListUserAuthEvents from './AdminListUserAuthEvents.js';
import AdminRemoveUserFromGroup from './AdminRemoveUserFromGroup.js';
import AdminResetUserPassword from './AdminResetUserPassword.js';
import AdminRespondToAuthChallenge from './AdminRespondToAuthChallenge.js';
import AdminSetUserMFAPreference from './AdminSetUserMFAPreference.js';
import AdminSetUserPassword from './AdminSetUserPassword.js';
import AdminSetUserSettings from './AdminSetUserSettings.js';
import AdminUpdateAuthEventFeedback from './AdminUpdateAuthEventFeedback.js';
import AdminUpdateDeviceStatus from './AdminUpdateDeviceStatus.js';
import AdminUpdateUserAttributes from './AdminUpdateUserAttributes.js';
import AdminUserGlobalSignOut from './AdminUserGlobalSignOut.js';
import AssociateSoftwareToken from './AssociateSoftwareToken.js';
import ChangePassword from './ChangePassword.js';
import CompleteWebAuthnRegistration from './CompleteWebAuthnRegistration.js';
import ConfirmDevice from './ConfirmDevice.js';
import ConfirmForgotPassword from './ConfirmForgotPassword.js';
import ConfirmSignUp from './ConfirmSignUp.js';
import CreateGroup from './CreateGroup.js';
import CreateIdentityProvider from './CreateIdentityProvider.js';
import CreateManagedLoginBranding from './CreateManagedLoginBranding.js';
import CreateResourceServer from './CreateResourceServer.js';
import CreateTerms from './CreateTerms.js';
import CreateUserImportJob from './CreateUserImportJob.js';
import CreateUserPool from './CreateUserPool.js';
import CreateUserPoolClient from './CreateUserPoolClient.js';
import CreateUserPoolDomain from './CreateUserPoolDomain.js';
import CreateUserPoolReplica from './CreateUserPoolReplica.js';
import DeleteGroup from './DeleteGroup.js';
import DeleteIdentityProvider from './DeleteIdentityProvider.js';
import DeleteManagedLoginBranding from './DeleteManagedLoginBranding.js';
import DeleteResourceServer from './DeleteResourceServer.js';
import DeleteTerms from './DeleteTerms.js';
import DeleteUser from './DeleteUser.js';
import DeleteUserAttributes from './DeleteUserAttributes.js';
import DeleteUserPool from './DeleteUserPool.js';
import DeleteUserPoolClient from './DeleteUserPoolClient.js';
import DeleteUserPoolClientSecret from './DeleteUserPoolClientSecret.js';
import DeleteUserPoolDomain from './DeleteUserPoolDomain.js';
import DeleteUserPoolReplica from './DeleteUserPoolReplica.js';
import DeleteWebAuthnCredential from './DeleteWebAuthnCredential.js';
import DescribeIdentityProvider from './DescribeIdentityProvider.js';
import DescribeManagedLoginBranding from './DescribeManagedLoginBranding.js';
import DescribeManagedLoginBrandingByClient from './DescribeManagedLoginBrandingByClient.js';
import DescribeResourceServer from './DescribeResourceServer.js';
import DescribeRiskConfiguration from './DescribeRiskConfiguration.js';
import DescribeTerms from './DescribeTerms.js';
import DescribeUserImportJob from './DescribeUserImportJob.js';
import DescribeUserPool from './DescribeUserPool.js';
import DescribeUserPoolClient from './DescribeUserPoolClient.js';
import DescribeUserPoolDomain from './DescribeUserPoolDomain.js';
import ForgetDevice from './ForgetDevice.js';
import ForgotPassword from './ForgotPassword.js';
import GetCSVHeader from './GetCSVHeader.js';
import GetDevice from './GetDevice.js';
import GetGroup from './GetGroup.js';
import GetIdentityProviderByIdentifier from './GetIdentityProviderByIdentifier.js';
import GetLogDeliveryConfiguration from './GetLogDeliveryConfiguration.js';
import GetProvisionedLimit from './GetProvisionedLimit.js';
import GetSigningCertificate from './GetSigningCertificate.js';
import GetTokensFromRefreshToken from './GetTokensFromRefreshToken.js';
import GetUICustomization from './GetUICustomization.js';
import GetUser from './GetUser.js';
import GetUserAttributeVerificationCode from './GetUserAttributeVerificationCode.js';
import GetUserAuthFactors from './GetUserAuthFactors.js';
import GetUserPoolMfaConfig from './GetUserPoolMfaConfig.js';
import GlobalSignOut from './GlobalSignOut.js';
import InitiateAuth from './InitiateAuth.js';
import ListDevices from './ListDevices.js';
import ListGroups from './ListGroups.js';
import ListIdentityProviders from './ListIdentityProviders.js';
import ListResourceServers from './ListResourceServers.js';
import ListTagsForResource from './ListTagsForResource.js';
import ListTerms from './ListTerms.js';
import ListUserImportJobs from './ListUserImportJobs.js';
import ListUserPoolClientSecrets from './ListUserPoolClientSecrets.js';
import ListUserPoolClients from './ListUserPoolClients.js';
import ListUserPoolReplicas from './ListUserPoolReplicas.js';
import ListUserPools from './ListUserPools.js';
import ListUsers from './ListUsers.js';
import ListUsersInGroup from './ListUsersInGroup.js';
import ListWebAuthnCredentials from './ListWebAuthnCredentials.js';
import ResendConfirmationCode from './ResendConfirmationCode.js';
import RespondToAuthChallenge from './RespondToAuthChallenge.js';
import RevokeToken from './RevokeToken.js';
import SetLogDeliveryConfiguration from './SetLogDeliveryConfiguration.js';
import SetRiskConfiguration from './SetRiskConfiguration.js';
import SetUICustomization from './SetUICustomization.js';
import SetUserMFAPreference from './SetUserMFAPreference.js';
import SetUserPoolMfaConfig from './SetUserPoolMfaConfig.js';
import SetUserSettings from './SetUserSettings.js';
import SignUp from './SignUp.js';
import StartUserImportJob from './StartUserImportJob.js';
import StartWebAuthnRegistration from './StartWebAuthnRegistration.js';
import StopUserImportJob from './StopUserImportJob.js';
import TagResource from './TagResource.js';
import UntagResource from './UntagResource.js';
import UpdateAuthEventFeedback from './UpdateAuthEventFeedback.js';
import UpdateDeviceStatus from './UpdateDeviceStatus.js';
import UpdateGroup from './UpdateGroup.js';
import UpdateIdentityProvider from './UpdateIdentityProvider.js';
import UpdateManagedLoginBranding from './UpdateManagedLoginBranding.js';
import UpdateProvisionedLimit from './UpdateProvisionedLimit.js';
import UpdateResourceServer from './UpdateResourceServer.js';
import UpdateTerms from './UpdateTerms.js';
import UpdateUserAttributes from './UpdateUserAttributes.js';
import UpdateUserPool from './UpdateUserPool.js';
import UpdateUserPoolClient from './UpdateUserPoolClient.js';
import UpdateUserPoolDomain from './UpdateUserPoolDomain.js';
import UpdateUserPoolReplica from './UpdateUserPoolReplica.js';
import VerifySoftwareToken from './VerifySoftwareToken.js';
import VerifyUserAttribute from './VerifyUserAttribute.js';

export const operations = {
  AddCustomAttributes,
  AddUserPoolClientSecret,
  AdminAddUserToGroup,
  AdminConfirmSignUp,
  AdminCreateUser,
  AdminDeleteUser,
  AdminDeleteUserAttributes,
  AdminDisableProviderForUser,
  AdminDisableUser,
  AdminEnableUser,
  AdminForgetDevice,
  AdminGetDevice,
  AdminGetUser,
  AdminGetUserAuthFactors,
  AdminInitiateAuth,
  AdminLinkProviderForUser,
  AdminListDevices,
  AdminListGroupsForUser,
  AdminListUserAuthEvents,
  AdminRemoveUserFromGroup,
  AdminResetUserPassword,
  AdminRespondToAuthChallenge,
  AdminSetUserMFAPreference,
  AdminSetUserPassword,
  AdminSetUserSettings,
  AdminUpdateAuthEventFeedback,
  AdminUpdateDeviceStatus,
  AdminUpdateUserAttributes,
  AdminUserGlobalSignOut,
  AssociateSoftwareToken,
  ChangePassword,
  CompleteWebAuthnRegistration,
  ConfirmDevice,
  ConfirmForgotPassword,
  ConfirmSignUp,
  CreateGroup,
  CreateIdentityProvider,
  CreateManagedLoginBranding,
  CreateResourceServer,
  CreateTerms,
  CreateUserImportJob,
  CreateUserPool,
  CreateUserPoolClient,
  CreateUserPoolDomain,
  CreateUserPoolReplica,
  DeleteGroup,
  DeleteIdentityProvider,
  DeleteManagedLoginBranding,
  DeleteResourceServer,
  DeleteTerms,
  DeleteUser,
  DeleteUserAttributes,
  DeleteUserPool,
  DeleteUserPoolClient,
  DeleteUserPoolClientSecret,
  DeleteUserPoolDomain,
  DeleteUserPoolReplica,
  DeleteWebAuthnCredential,
  DescribeIdentityProvider,
  DescribeManagedLoginBranding,
  DescribeManagedLoginBrandingByClient,
  DescribeResourceServer,
  DescribeRiskConfiguration,
  DescribeTerms,
  DescribeUserImportJob,
  DescribeUserPool,
  DescribeUserPoolClient,
  DescribeUserPoolDomain,
  ForgetDevice,
  ForgotPassword,
  GetCSVHeader,
  GetDevice,
  GetGroup,
  GetIdentityProviderByIdentifier,
  GetLogDeliveryConfiguration,
  GetProvisionedLimit,
  GetSigningCertificate,
  GetTokensFromRefreshToken,
  GetUICustomization,
  GetUser,
  GetUserAttributeVerificationCode,
  GetUserAuthFactors,
  GetUserPoolMfaConfig,
  GlobalSignOut,
  InitiateAuth,
  ListDevices,
  ListGroups,
  ListIdentityProviders,
  ListResourceServers,
  ListTagsForResource,
  ListTerms,
  ListUserImportJobs,
  ListUserPoolClientSecrets,
  ListUserPoolClients,
  ListUserPoolReplicas,
  ListUserPools,
  ListUsers,
  ListUsersInGroup,
  ListWebAuthnCredentials,
  ResendConfirmationCode,
  RespondToAuthChallenge,
  RevokeToken,
  SetLogDeliveryConfiguration,
  SetRiskConfiguration,
  SetUICustomization,
  SetUserMFAPreference,
  SetUserPoolMfaConfig,
  SetUserSettings,
  SignUp,
  StartUserImportJob,
  StartWebAuthnRegistration,
  StopUserImportJob,
  TagResource,
  UntagResource,
  UpdateAuthEventFeedback,
  UpdateDeviceStatus,
  UpdateGroup,
  UpdateIdentityProvider,
  UpdateManagedLoginBranding,
  UpdateProvisionedLimit,
  UpdateResourceServer,
  UpdateTerms,
  UpdateUserAttributes,
  UpdateUserPool,
  UpdateUserPoolClient,
  UpdateUserPoolDomain,
  UpdateUserPoolReplica,
  VerifySoftwareToken,
  VerifyUserAttribute,
} satisfies Registry;
