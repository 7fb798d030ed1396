// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {LotLedger} from "./LotLedger.sol";

/// @title TET, the reserve-backed token
/// @notice ERC-20 (EIP-20) with EIP-2612 permits and ERC20Votes checkpoints (EIP-5805, timestamp
/// clock). 18 decimals.
/// Only the reserve mints and burns. Every circulating token sits in a
/// lot (LotLedger); the reserve's own balance is its pools, which carry no lots, and cannot be sent to.
/// Fee on transfer (integrators, note): a transfer between holders withholds a commission of
/// fee = ⌈value / 1000⌉ (0.1 %, rounded up, so splitting a payment never lowers the total fee:
/// ⌈a/1000⌉ + ⌈b/1000⌉ ≥ ⌈(a+b)/1000⌉) from `value`: the sender's balance falls by `value`, the
/// recipient's rises by `value − fee`, the infrastructure fund's by `fee` (two Transfer events; the fee is
/// taken from the oldest lots moved). Mint, burn and moves from or to a fee-exempt protocol contract
/// (settlement escrow, payment router) pay nothing here, because those contracts charge the fee once
/// themselves. Reserve pool tokens are excluded from voting units, so `getPastTotalSupply` is the
/// circulating supply governance counts its quorum on.
contract TETToken is ERC20, ERC20Permit, ERC20Votes, LotLedger {
    uint256 public constant FEE_DIVISOR = 1000;

    address public reserve;
    address public governance;
    address public infrastructureFund;
    mapping(address => bool) public feeExempt;
    mapping(address => bool) public mergeOnReceipt;
    address private immutable _deployer;
    bool private transient _lotsMoved;

    event InfrastructureFundChanged(address fund);
    event FeeExemptionChanged(address indexed account, bool exempt);
    event MergeOnReceiptChanged(address indexed account, bool merge);

    error OnlyReserve(address caller);
    error OnlyGovernance(address caller);
    error AlreadyInitialized();
    error OnlyDeployer(address caller);
    error ZeroAddress();
    error TransferToReserve();
    error DirectTransferToProtocol(address to);

    constructor() ERC20("TET", "TET") ERC20Permit("TET") {
        _deployer = msg.sender;
    }

    /// @notice Wires the token once, right after deployment: its reserve (deployed after the token
    /// because it needs the token's address), governance (the timelock), the infrastructure fund that
    /// receives fees, and the fee-exempt protocol contracts.
    function initialize(address reserve_, address governance_, address fund, address[] calldata exempt) external {
        if (msg.sender != _deployer) revert OnlyDeployer(msg.sender);
        if (reserve != address(0)) revert AlreadyInitialized();
        if (reserve_ == address(0) || governance_ == address(0)) revert ZeroAddress();
        reserve = reserve_;
        governance = governance_;
        _setInfrastructureFund(fund);
        for (uint256 i; i < exempt.length; ++i) _setFeeExempt(exempt[i], true);
    }

    modifier onlyReserve() {
        if (msg.sender != reserve) revert OnlyReserve(msg.sender);
        _;
    }

    modifier onlyGovernance() {
        if (msg.sender != governance) revert OnlyGovernance(msg.sender);
        _;
    }

    // ----------------------------------------------------------------- fees

    /// @notice The commission on a transfer of `value` between holders: ⌈value / 1000⌉.
    function feeOn(uint256 value) public pure returns (uint256) {
        return (value + FEE_DIVISOR - 1) / FEE_DIVISOR;
    }

    /// @notice What a transfer of `value` from `from` to `to` withholds and delivers.
    function quoteTransfer(address from, address to, uint256 value) public view returns (uint256 fee, uint256 received) {
        fee = feeExempt[from] || feeExempt[to] ? 0 : feeOn(value);
        received = value - fee;
    }

    function setInfrastructureFund(address fund) external onlyGovernance {
        _setInfrastructureFund(fund);
    }

    function setFeeExempt(address account, bool exempt) external onlyGovernance {
        _setFeeExempt(account, exempt);
    }

    // ----------------------------------------------------------------- holders

    /// @notice Transfers exactly the named pieces of lots (`amounts[i]` of lot `ids[i]`); the fee on
    /// their sum is taken from the first pieces, the rest goes to `to`.
    function transferLots(address to, uint64[] calldata ids, uint256[] calldata amounts) external returns (bool) {
        uint256 value;
        for (uint256 i; i < amounts.length; ++i) value += amounts[i];
        (uint256 fee,) = quoteTransfer(msg.sender, to, value);
        _lotsMoved = true;
        _transfer(msg.sender, to, value);
        _lotsMoved = false;
        _moveNamed(msg.sender, infrastructureFund, fee, to, ids, amounts);
        return true;
    }

    /// @notice The caller's choice to fold every incoming piece into its one merge lot per fund (cheaper
    /// to receive, coarser provenance); off by default. The infrastructure fund always merges.
    function setMergeOnReceipt(bool merge) external {
        mergeOnReceipt[msg.sender] = merge;
        emit MergeOnReceiptChanged(msg.sender, merge);
    }

    // ----------------------------------------------------------------- reserve

    /// @notice Issues `amount` to `to` as a new lot of `fund` at `rate`. Returns the lot id.
    function mintLot(address to, bytes32 fund, uint256 rate, uint256 amount) external onlyReserve returns (uint64) {
        _mint(to, amount);
        return _issueLot(to, fund, rate, amount);
    }

    /// @notice Mints `amount` into the reserve's pools (no lot: pool tokens are not in circulation).
    function mintPool(uint256 amount) external onlyReserve {
        _mint(reserve, amount);
    }

    /// @notice Burns `amount` of the reserve's pools.
    function burnPool(uint256 amount) external onlyReserve {
        _burn(reserve, amount);
    }

    /// @notice Burns `amount` from `from`'s oldest lots, on the holder's own redemption.
    function burn(address from, uint256 amount) external onlyReserve {
        _burn(from, amount);
        _moveOldest(from, address(0), amount);
    }

    /// @notice Burns exactly the named pieces of `from`'s lots. Returns their sum.
    function burnLots(address from, uint64[] calldata ids, uint256[] calldata amounts)
        external
        onlyReserve
        returns (uint256 total)
    {
        total = _moveNamed(from, address(0), 0, address(0), ids, amounts);
        _burn(from, total);
    }

    // ----------------------------------------------------------------- internals

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        if (to == reserve || from == reserve) revert TransferToReserve();
        // A protocol contract takes TET only by pulling it itself, so nothing lands there by mistake,
        // fee-free, to be paid out later as someone else's payment.
        if (feeExempt[to] && msg.sender != to) revert DirectTransferToProtocol(to);
        (uint256 fee, uint256 received) = quoteTransfer(from, to, value);
        if (fee != 0) {
            super._update(from, infrastructureFund, fee);
            if (!_lotsMoved && from != infrastructureFund) _moveOldest(from, infrastructureFund, fee);
        }
        super._update(from, to, received);
        if (!_lotsMoved && from != to) _moveOldest(from, to, received);
    }

    /// @dev Pool tokens are no voting units: moves into and out of the reserve count as burns and mints
    /// of votes, so the total-supply checkpoints track circulating TET.
    function _transferVotingUnits(address from, address to, uint256 amount) internal override {
        super._transferVotingUnits(from == reserve ? address(0) : from, to == reserve ? address(0) : to, amount);
    }

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return account == reserve ? 0 : super._getVotingUnits(account);
    }

    function _mergesOnReceipt(address account) internal view override returns (bool) {
        return account == infrastructureFund || mergeOnReceipt[account];
    }

    /// @notice EIP-6372: votes are checkpointed by block timestamp, so governance periods are in seconds
    /// on every chain whatever its block time.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _setInfrastructureFund(address fund) private {
        if (fund == address(0) || fund == reserve) revert ZeroAddress();
        infrastructureFund = fund;
        emit InfrastructureFundChanged(fund);
    }

    function _setFeeExempt(address account, bool exempt) private {
        if (account == address(0)) revert ZeroAddress();
        feeExempt[account] = exempt;
        emit FeeExemptionChanged(account, exempt);
    }
}
