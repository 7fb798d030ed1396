// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SignerSet} from "./SignerSet.sol";

interface IReserveIssuance {
    function deposit(bytes32 fund, uint256 amount, address buyer, bytes32 attestation, uint256 minOut)
        external
        returns (uint64 lotId, uint256 minted);
    function recapitalize(bytes32 fund, uint256 amount, bytes32 attestation) external;
}

/// @title The custodians' board: M-of-N attestations of money received into fiat funds
/// @notice A deposit (TET issued to the buyer) or a recapitalisation (nothing issued) of a fiat fund
/// happens only with EIP-712 signatures of at least `threshold` custodians over the same attestation;
/// anyone may submit them (the buyer needs no ether). The reserve caps what deposits issue per period,
/// so even colluding custodians cannot mint beyond the cap.
contract CustodianBoard is SignerSet {
    bytes32 public constant DEPOSIT_TYPEHASH = keccak256(
        "Deposit(bytes32 fund,uint256 amount,address buyer,bytes32 ref,uint256 minOut,uint64 deadline)"
    );
    bytes32 public constant RECAPITALIZATION_TYPEHASH =
        keccak256("Recapitalization(bytes32 fund,uint256 amount,bytes32 ref,uint64 deadline)");

    /// @notice "Fund `fund` received `amount` smallest units from `buyer`, our reference `ref`; issue at
    /// least `minOut` TET or nothing, before `deadline`."
    struct Deposit {
        bytes32 fund;
        uint256 amount;
        address buyer;
        bytes32 ref;
        uint256 minOut;
        uint64 deadline;
    }

    struct Recapitalization {
        bytes32 fund;
        uint256 amount;
        bytes32 ref;
        uint64 deadline;
    }

    error Expired(uint64 deadline);

    constructor(address governance_, uint256 changeDelay_, address[] memory signers_, uint256 threshold_)
        SignerSet("TET Custodians", governance_, changeDelay_, signers_, threshold_)
    {}

    /// @notice Issues TET for an attested deposit; `signatures` by distinct custodians, ascending.
    function deposit(Deposit calldata a, bytes[] calldata signatures) external returns (uint64 lotId, uint256 minted) {
        if (block.timestamp > a.deadline) revert Expired(a.deadline);
        _requireSigned(_same(depositDigest(a), signatures.length), signatures);
        return IReserveIssuance(reserve).deposit(a.fund, a.amount, a.buyer, a.ref, a.minOut);
    }

    /// @notice Records an attested top-up that issues nothing.
    function recapitalize(Recapitalization calldata a, bytes[] calldata signatures) external {
        if (block.timestamp > a.deadline) revert Expired(a.deadline);
        _requireSigned(_same(recapitalizationDigest(a), signatures.length), signatures);
        IReserveIssuance(reserve).recapitalize(a.fund, a.amount, a.ref);
    }

    function depositDigest(Deposit calldata a) public view returns (bytes32) {
        return _hashTypedDataV4( // EIP-712 hashStruct(Deposit)
            keccak256(abi.encode(DEPOSIT_TYPEHASH, a.fund, a.amount, a.buyer, a.ref, a.minOut, a.deadline))
        );
    }

    function recapitalizationDigest(Recapitalization calldata a) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(RECAPITALIZATION_TYPEHASH, a.fund, a.amount, a.ref, a.deadline))
        );
    }

    function _same(bytes32 digest, uint256 n) private pure returns (bytes32[] memory d) {
        d = new bytes32[](n);
        for (uint256 i; i < n; ++i) d[i] = digest;
    }
}
