// The registry: every Cognito operation keypool answers, keyed by its wire name. Each file of this
// folder is one operation, named by its wire name and default-exporting defineOperation({ name, ... }).
// The compiler checks each key against the model's operation names and against the name its
// operation declares; a test checks that every file here is registered.
import type { Registry } from '../protocol/dispatch.js';
// remembered devices
import AdminForgetDevice from './AdminForgetDevice.js';
import AdminGetDevice from './AdminGetDevice.js';
import AdminListDevices from './AdminListDevices.js';
import AdminUpdateDeviceStatus from './AdminUpdateDeviceStatus.js';
import ConfirmDevice from './ConfirmDevice.js';
import ForgetDevice from './ForgetDevice.js';
import GetDevice from './GetDevice.js';
import ListDevices from './ListDevices.js';
import UpdateDeviceStatus from './UpdateDeviceStatus.js';
import AdminAddUserToGroup from './AdminAddUserToGroup.js';
import AdminConfirmSignUp from './AdminConfirmSignUp.js';
import AdminCreateUser from './AdminCreateUser.js';
import AdminDeleteUser from './AdminDeleteUser.js';
import AdminDisableUser from './AdminDisableUser.js';
import AdminEnableUser from './AdminEnableUser.js';
import AdminGetUser from './AdminGetUser.js';
import AdminGetUserAuthFactors from './AdminGetUserAuthFactors.js';
import AdminInitiateAuth from './AdminInitiateAuth.js';
import AdminListGroupsForUser from './AdminListGroupsForUser.js';
import AdminListUserAuthEvents from './AdminListUserAuthEvents.js';
import AdminRemoveUserFromGroup from './AdminRemoveUserFromGroup.js';
import AdminRespondToAuthChallenge from './AdminRespondToAuthChallenge.js';
import AdminSetUserPassword from './AdminSetUserPassword.js';
import AdminUpdateUserAttributes from './AdminUpdateUserAttributes.js';
import AdminUserGlobalSignOut from './AdminUserGlobalSignOut.js';
import ChangePassword from './ChangePassword.js';
import CompleteWebAuthnRegistration from './CompleteWebAuthnRegistration.js';
import ConfirmSignUp from './ConfirmSignUp.js';
import CreateGroup from './CreateGroup.js';
import CreateUserPool from './CreateUserPool.js';
import CreateUserPoolClient from './CreateUserPoolClient.js';
import CreateUserPoolDomain from './CreateUserPoolDomain.js';
import DeleteGroup from './DeleteGroup.js';
import DeleteUser from './DeleteUser.js';
import DeleteUserPool from './DeleteUserPool.js';
import DeleteUserPoolClient from './DeleteUserPoolClient.js';
import DeleteUserPoolDomain from './DeleteUserPoolDomain.js';
import DeleteWebAuthnCredential from './DeleteWebAuthnCredential.js';
import DescribeUserPool from './DescribeUserPool.js';
import DescribeUserPoolClient from './DescribeUserPoolClient.js';
import DescribeUserPoolDomain from './DescribeUserPoolDomain.js';
import GetGroup from './GetGroup.js';
import GetTokensFromRefreshToken from './GetTokensFromRefreshToken.js';
import GetUser from './GetUser.js';
import GetUserAuthFactors from './GetUserAuthFactors.js';
import GetUserPoolMfaConfig from './GetUserPoolMfaConfig.js';
import GlobalSignOut from './GlobalSignOut.js';
import InitiateAuth from './InitiateAuth.js';
import ListGroups from './ListGroups.js';
import ListUserPoolClients from './ListUserPoolClients.js';
import ListUserPools from './ListUserPools.js';
import ListUsers from './ListUsers.js';
import ListUsersInGroup from './ListUsersInGroup.js';
import ListWebAuthnCredentials from './ListWebAuthnCredentials.js';
import ResendConfirmationCode from './ResendConfirmationCode.js';
import RespondToAuthChallenge from './RespondToAuthChallenge.js';
import RevokeToken from './RevokeToken.js';
import SetUserPoolMfaConfig from './SetUserPoolMfaConfig.js';
import SignUp from './SignUp.js';
import StartWebAuthnRegistration from './StartWebAuthnRegistration.js';
import UpdateGroup from './UpdateGroup.js';
import UpdateUserAttributes from './UpdateUserAttributes.js';
import UpdateUserPool from './UpdateUserPool.js';
import UpdateUserPoolClient from './UpdateUserPoolClient.js';

export const operations = {
  // remembered devices
  AdminForgetDevice,
  AdminGetDevice,
  AdminListDevices,
  AdminUpdateDeviceStatus,
  ConfirmDevice,
  ForgetDevice,
  GetDevice,
  ListDevices,
  UpdateDeviceStatus,
  AdminAddUserToGroup,
  AdminConfirmSignUp,
  AdminCreateUser,
  AdminDeleteUser,
  AdminDisableUser,
  AdminEnableUser,
  AdminGetUser,
  AdminGetUserAuthFactors,
  AdminInitiateAuth,
  AdminListGroupsForUser,
  AdminListUserAuthEvents,
  AdminRemoveUserFromGroup,
  AdminRespondToAuthChallenge,
  AdminSetUserPassword,
  AdminUpdateUserAttributes,
  AdminUserGlobalSignOut,
  ChangePassword,
  CompleteWebAuthnRegistration,
  ConfirmSignUp,
  CreateGroup,
  CreateUserPool,
  CreateUserPoolClient,
  CreateUserPoolDomain,
  DeleteGroup,
  DeleteUser,
  DeleteUserPool,
  DeleteUserPoolClient,
  DeleteUserPoolDomain,
  DeleteWebAuthnCredential,
  DescribeUserPool,
  DescribeUserPoolClient,
  DescribeUserPoolDomain,
  GetGroup,
  GetTokensFromRefreshToken,
  GetUser,
  GetUserAuthFactors,
  GetUserPoolMfaConfig,
  GlobalSignOut,
  InitiateAuth,
  ListGroups,
  ListUserPoolClients,
  ListUserPools,
  ListUsers,
  ListUsersInGroup,
  ListWebAuthnCredentials,
  ResendConfirmationCode,
  RespondToAuthChallenge,
  RevokeToken,
  SetUserPoolMfaConfig,
  SignUp,
  StartWebAuthnRegistration,
  UpdateGroup,
  UpdateUserAttributes,
  UpdateUserPool,
  UpdateUserPoolClient,
} satisfies Registry;
