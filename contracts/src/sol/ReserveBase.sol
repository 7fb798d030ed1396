// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {TETToken} from "./TETToken.sol";

/// @title The reserve's state and its accounting rules
/// @notice Amounts called "value" are TET wei (1 TET = 1e18), i.e. peg value expressed in TET.
/// Accounting identity, checked after every state change:
///   totalSupply = circulating + frozen + Σ buffers                       (tokens)
///   circulating + Σ buffers = Σ fund values + deficit                    (peg value)
///   deficit > 0 only when every buffer is empty; while deficit = 0, circulating ≤ Σ fund values.
/// Rounding: every conversion rounds down, in the reserve's favour; the dust lands in the fund's buffer.
abstract contract ReserveBase {
    uint256 public constant ONE = 1e18;
    uint256 public constant BPS = 10_000;
    uint256 public constant MAX_FUNDS = 16;

    struct Fund {
        bool listed;
        uint8 decimals; // of the fund currency's smallest unit (RUB: 2, USDC: 6)
        uint16 bufferBps; // FX-risk buffer kept at deposit time; never charged while the fund is the peg
        uint64 rateUpdatedAt; // when the oracle observed the rate
        address token; // ERC-20 held in custody by this contract; 0 for an attested (fiat) fund
        uint64 capWindow; // the mint-cap window `mintedInWindow` counts
        uint256 amount; // currency held, in smallest units
        uint256 rate; // TET wei per whole currency unit (peg quote × tetPerPeg / 1e18)
        uint256 minRate; // bounds on `rate`, set by governance
        uint256 maxRate;
        uint256 value; // amount × rate / 10^decimals, rounded down (TET wei)
        uint256 buffer; // TET in this fund's buffer pool (backed, not circulating)
        uint256 issued; // TET issued in lots against this fund, cumulative
        uint256 mintCap; // TET that deposits into this fund may issue per cap window
        uint256 mintedInWindow;
    }

    TETToken public immutable token;
    address public immutable governance; // the timelock
    address public immutable custodian; // the custodian board (M-of-N attestations)
    address public immutable oracle; // the rate oracle (median of M-of-N quotes)
    address public guardian;
    bool public issuancePaused;

    bytes32 public pegFund;
    uint256 public tetPerPeg = ONE; // TET wei per whole unit of the peg currency
    uint256 public maxRateAge; // seconds a rate stays fresh
    uint256 public maxMoveBps; // largest rate move per `movePeriod`
    uint256 public movePeriod; // seconds
    uint256 public capPeriod; // seconds of one mint-cap window

    uint256 public circulating;
    uint256 public frozen;
    uint256 public totalBuffers;
    uint256 public backing; // Σ fund values
    uint256 public deficit;
    uint256 public totalIssued;
    uint256 public totalRedeemed;
    uint256 public redemptionCount;

    bytes32[] internal _fundIds;
    mapping(bytes32 => Fund) internal _funds;
    mapping(bytes32 => bool) public attestationUsed;

    event FundListed(bytes32 indexed fund, uint8 decimals, uint256 rate, address token);
    event FundDelisted(bytes32 indexed fund, uint256 amount, uint256 releasedBuffer);
    event FundPolicyChanged(bytes32 indexed fund, uint16 bufferBps, uint256 mintCap);
    event RateUpdated(bytes32 indexed fund, uint256 quote, uint256 rate, uint64 observedAt);
    event Deposited(bytes32 indexed fund, bytes32 indexed attestation, uint256 amount, address buyer, uint64 lotId, uint256 minted, uint256 toBuffer);
    event Recapitalized(bytes32 indexed fund, bytes32 indexed attestation, uint256 amount);
    event PayoutInstruction(uint256 indexed redemptionId, address indexed holder, bytes32 indexed fund, uint256 payout, uint256 burned, address to, bytes32 payoutRef);
    event BufferFilled(bytes32 indexed fund, uint256 amount, uint256 fromFrozen, uint256 minted);
    event BufferFrozen(bytes32 indexed fund, bytes32 indexed coveredFund, uint256 amount);
    event BufferMoved(bytes32 indexed from, bytes32 indexed to, uint256 amount);
    event DeficitChanged(uint256 deficit);
    event PegSwitched(bytes32 indexed from, bytes32 indexed to, uint256 tetPerPeg);
    event ParametersChanged(uint256 maxRateAge, uint256 maxMoveBps, uint256 movePeriod, uint256 capPeriod);
    event IssuancePaused(bool paused, address by);
    event GuardianChanged(address guardian);

    error Unauthorized(address caller);
    error UnknownFund(bytes32 fund);
    error FundAlreadyListed(bytes32 fund);
    error TooManyFunds();
    error FundNotEmpty(bytes32 fund);
    error IsPegFund(bytes32 fund);
    error WrongFundKind(bytes32 fund);
    error ZeroAmount();
    error ZeroAddress();
    error StaleRate(bytes32 fund, uint64 observedAt);
    error RateNotNewer(bytes32 fund, uint64 observedAt);
    error RateOutOfBounds(bytes32 fund, uint256 rate);
    error RateMoveTooFast(bytes32 fund, uint256 rate, uint256 maxStep);
    error BadParameter();
    error IssuanceHalted(uint256 shortfall);
    error Paused();
    error MintCapExceeded(bytes32 fund, uint256 remaining);
    error AttestationReused(bytes32 attestation);
    error DepositTooSmall();
    error RedemptionTooSmall();
    error BelowMinimum(uint256 got, uint256 minimum);
    error InsufficientFundLiquidity(bytes32 fund, uint256 available);
    error InvariantViolated(uint8 which);

    constructor(TETToken token_, address governance_, address custodian_, address oracle_, address guardian_) {
        if (
            address(token_) == address(0) || governance_ == address(0) || custodian_ == address(0)
                || oracle_ == address(0)
        ) revert ZeroAddress();
        token = token_;
        governance = governance_;
        custodian = custodian_;
        oracle = oracle_;
        guardian = guardian_;
    }

    modifier only(address who) {
        if (msg.sender != who) revert Unauthorized(msg.sender);
        _;
    }

    function _fund(bytes32 fund) internal view returns (Fund storage f) {
        f = _funds[fund];
        if (!f.listed) revert UnknownFund(fund);
    }

    function _stale(bytes32 fund, Fund storage f) internal view returns (bool) {
        return fund != pegFund && block.timestamp - f.rateUpdatedAt > maxRateAge;
    }

    /// @dev While any fund that holds currency has a stale rate nobody knows what the reserve is worth,
    /// so no TET is issued or redeemed at any price until the oracle is back (see the README).
    function _requireAllFresh() internal view {
        for (uint256 i; i < _fundIds.length; ++i) {
            Fund storage f = _funds[_fundIds[i]];
            if (f.amount != 0 && _stale(_fundIds[i], f)) revert StaleRate(_fundIds[i], f.rateUpdatedAt);
        }
    }

    /// @dev Brings the fund's value to amount × rate and moves the difference between the pools.
    function _revalue(bytes32 fund, Fund storage f) internal {
        uint256 v = f.amount * f.rate / 10 ** f.decimals;
        uint256 old = f.value;
        if (v == old) return;
        f.value = v;
        if (v > old) {
            uint256 gain = v - old;
            backing += gain;
            uint256 cleared = _min(deficit, gain);
            if (cleared != 0) _setDeficit(deficit - cleared);
            if (gain > cleared) _fillBuffer(fund, f, gain - cleared);
        } else {
            uint256 loss = old - v;
            backing -= loss;
            loss -= _freeze(fund, f, fund, loss);
            for (uint256 i; loss != 0 && i < _fundIds.length; ++i) {
                bytes32 other = _fundIds[i];
                if (other != fund) loss -= _freeze(other, _funds[other], fund, loss);
            }
            if (loss != 0) _setDeficit(deficit + loss);
        }
    }

    /// @dev Frozen pool → buffer of `fund`; the frozen pool is minted on demand when it runs dry.
    function _fillBuffer(bytes32 fund, Fund storage f, uint256 amount) internal {
        uint256 fromFrozen = _min(frozen, amount);
        frozen -= fromFrozen;
        uint256 minted = amount - fromFrozen;
        if (minted != 0) token.mintPool(minted);
        f.buffer += amount;
        totalBuffers += amount;
        emit BufferFilled(fund, amount, fromFrozen, minted);
    }

    /// @dev Buffer of `fund` → frozen pool, up to `want`, to cover a fall of `covered`. Returns the amount.
    function _freeze(bytes32 fund, Fund storage f, bytes32 covered, uint256 want) internal returns (uint256 moved) {
        moved = _min(f.buffer, want);
        if (moved == 0) return 0;
        f.buffer -= moved;
        totalBuffers -= moved;
        frozen += moved;
        emit BufferFrozen(fund, covered, moved);
    }

    function _setDeficit(uint256 d) internal {
        deficit = d;
        emit DeficitChanged(d);
    }

    /// @dev The accounting identities; a failure here is a bug, and the whole transaction reverts.
    function _checkInvariants() internal view {
        uint256 pools = frozen + totalBuffers;
        if (token.totalSupply() != circulating + pools) revert InvariantViolated(1);
        if (token.balanceOf(address(this)) != pools) revert InvariantViolated(2);
        if (circulating + totalBuffers != backing + deficit) revert InvariantViolated(3);
        if (deficit != 0 && totalBuffers != 0) revert InvariantViolated(4);
        if (deficit == 0 && circulating > backing) revert InvariantViolated(5);
        if (circulating != totalIssued - totalRedeemed) revert InvariantViolated(6);
        if (token.totalSerials() != totalIssued) revert InvariantViolated(7);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
